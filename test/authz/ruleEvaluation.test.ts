// graphql-shield's rule semantics as the gateway evaluates them. Pure: no servers, so it also runs
// quickly on other Node versions (`npx -p node@24 node node_modules/vitest/vitest.mjs run test/authz/ruleEvaluation.test.ts`).
import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../../src/auth/index.ts';
import { compileRule } from '../../src/authz/compileRule.ts';
import { type Denial, evaluateRule, type RuleCall, type RuleOutcome, UNDECIDED } from '../../src/authz/evaluateRule.ts';
import {
  allow,
  and,
  chain,
  deny,
  hasClaim,
  hasRole,
  hasScope,
  inputRule,
  isAuthenticated,
  not,
  or,
  race,
  rule,
  type ShieldRule,
} from '../../src/authz/index.ts';

const ALICE: Principal = {
  authenticated: true,
  subject: 'alice',
  scopes: ['read:a', 'read:b'],
  roles: ['editor'],
  claims: { sub: 'alice', org: { id: 'acme' }, groups: ['x', 'y'] },
};

function call(
  options: { principal?: Principal; parent?: unknown; parentUnknown?: boolean; allowExternalErrors?: boolean; args?: object } = {},
): RuleCall {
  const principal = options.principal ?? ALICE;
  const context = { requestId: 'r', principal, _shield: { cache: {} } };
  return {
    principal,
    parent: options.parent,
    parentUnknown: options.parentUnknown ?? false,
    args: () => ({ ...options.args }),
    context: () => context,
    info: () => ({ fieldName: 'field' }) as GraphQLResolveInfo,
    options: { debug: true, allowExternalErrors: options.allowExternalErrors ?? false, hashFunction: JSON.stringify },
  };
}

type CallOptions = Parameters<typeof call>[0];

async function evaluate(shieldRule: ShieldRule, options: CallOptions = {}): Promise<RuleOutcome> {
  return evaluateRule(compileRule(shieldRule), call(options));
}

/** A rule that records that it ran and answers `result`. */
function recording(calls: string[], name: string, result: boolean | Error | string) {
  return rule(name)(() => {
    calls.push(name);
    return result;
  });
}

describe('rule evaluation with graphql-shield semantics', () => {
  it('chain runs rules in order and stops at the first that does not pass', async () => {
    const calls: string[] = [];
    expect(await evaluate(chain(recording(calls, 'c1', true), recording(calls, 'c2', false), recording(calls, 'c3', true)))).toEqual({
      error: undefined,
    });
    expect(calls).toEqual(['c1', 'c2']);
    calls.length = 0;
    expect(await evaluate(chain(recording(calls, 'c4', true), recording(calls, 'c5', true)))).toBe(true);
    expect(calls).toEqual(['c4', 'c5']);
  });

  it('race runs rules in order and stops at the first that passes', async () => {
    const calls: string[] = [];
    expect(await evaluate(race(recording(calls, 'r1', false), recording(calls, 'r2', true), recording(calls, 'r3', true)))).toBe(true);
    expect(calls).toEqual(['r1', 'r2']);
    calls.length = 0;
    const outcome = (await evaluate(race(recording(calls, 'r4', false), recording(calls, 'r5', 'no luck')))) as Denial;
    expect(outcome.error?.message).toBe('no luck');
    expect(calls).toEqual(['r4', 'r5']);
  });

  it('and needs every rule, or needs one, and both report the first custom error', async () => {
    expect(await evaluate(and(allow, isAuthenticated))).toBe(true);
    expect(
      await evaluate(
        and(
          allow,
          rule()(() => new Error('custom')),
        ),
      ),
    ).toEqual({ error: new Error('custom') });
    expect(await evaluate(or(deny, hasScope('read:a')))).toBe(true);
    expect(
      await evaluate(
        or(
          deny,
          rule()(() => 'nope'),
        ),
      ),
    ).toEqual({ error: new Error('nope') });
  });

  it('not negates, with its own error when given', async () => {
    expect(await evaluate(not(deny))).toBe(true);
    expect(await evaluate(not(allow, 'not for you'))).toEqual({ error: new Error('not for you') });
    expect(await evaluate(not(rule()(() => new Error('x'))))).toBe(true);
  });

  it('denies when a rule throws (fail closed), and reports what it threw only with allowExternalErrors', async () => {
    const throwing = rule()(() => {
      throw new Error('database down');
    });
    const hidden = (await evaluate(throwing)) as Denial;
    expect(hidden.error).toBeUndefined();
    expect((hidden.thrown as Error).message).toBe('database down');
    expect(((await evaluate(throwing, { allowExternalErrors: true })) as Denial).error?.message).toBe('database down');
  });

  it('evaluates the built-in rules against the principal', async () => {
    expect(await evaluate(isAuthenticated)).toBe(true);
    expect(await evaluate(isAuthenticated, { principal: ANONYMOUS })).toEqual({ error: undefined });
    expect(await evaluate(hasScope('read:a', 'read:b'))).toBe(true);
    expect(await evaluate(hasScope('read:a', 'write:a'))).not.toBe(true);
    expect(await evaluate(hasRole('editor'))).toBe(true);
    expect(await evaluate(hasRole('admin'))).not.toBe(true);
    expect(await evaluate(hasClaim('org.id', 'acme'))).toBe(true);
    expect(await evaluate(hasClaim('groups', 'y'))).toBe(true);
    expect(await evaluate(hasClaim('org.name'))).not.toBe(true);
  });

  it('validates arguments with inputRule', async () => {
    const positive = inputRule('positive')((yup) => yup.object({ amount: yup.number().min(1) }));
    expect(await evaluate(positive, { args: { amount: 5 } })).toBe(true);
    expect(((await evaluate(positive, { args: { amount: 0 } })) as Denial).error?.message).toMatch(/amount/);
  });

  it('leaves a rule that needs the parent undecided before planning, unless the rest decides', async () => {
    const ownsIt = rule({ fragment: 'fragment X on User { id }' })((parent: { id: string }, _args, context: { principal: Principal }) => {
      return parent.id === context.principal.subject;
    });
    const before = { parentUnknown: true };
    expect(await evaluate(ownsIt, before)).toBe(UNDECIDED);
    expect(await evaluate(or(ownsIt, hasScope('read:a')), before)).toBe(true);
    expect(await evaluate(and(ownsIt, hasRole('admin')), before)).toEqual({ error: undefined });
    expect(await evaluate(chain(isAuthenticated, ownsIt), { ...before, principal: ANONYMOUS })).toEqual({ error: undefined });
    expect(await evaluate(chain(isAuthenticated, ownsIt), before)).toBe(UNDECIDED);
    expect(await evaluate(not(ownsIt), before)).toBe(UNDECIDED);
    expect(await evaluate(ownsIt, { parent: { id: 'alice' } })).toBe(true);
    expect(await evaluate(ownsIt, { parent: { id: 'bob' } })).toEqual({ error: undefined });
    // A rule that cannot see what it needs throws inside, and denies.
    expect(await evaluate(ownsIt, { parent: undefined })).toMatchObject({ error: undefined });
  });

  it('answers without a promise when every rule it reaches answers synchronously (a per-object rule runs once per item)', async () => {
    const ownsIt = rule({ fragment: 'fragment X on User { id }' })((parent: { id: string }) => parent.id === 'alice');
    const parent = { parent: { id: 'alice' } };
    expect(evaluateRule(compileRule(or(hasRole('admin'), ownsIt)), call(parent))).toBe(true);
    expect(evaluateRule(compileRule(chain(isAuthenticated, ownsIt)), call({ parent: { id: 'bob' } }))).toEqual({ error: undefined });
    expect(evaluateRule(compileRule(rule()(() => 'not yours')), call())).toEqual({ error: new Error('not yours') });
    // A rule that answers with a promise (a lookup), or one graphql-shield must cache, still counts.
    const later = rule()(async (found: { id: string }) => found.id === 'alice');
    const pending = evaluateRule(compileRule(and(later, ownsIt)), call(parent));
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(true);
    const rejecting = rule()(async () => {
      throw new Error('lookup failed');
    });
    expect(((await evaluateRule(compileRule(rejecting), call())) as Denial).thrown).toEqual(new Error('lookup failed'));
    expect(evaluateRule(compileRule(rule({ cache: 'contextual' })(() => true)), call())).toBeInstanceOf(Promise);
  });

  it('keeps graphql-shield’s per-request cache for cache: "contextual" rules', async () => {
    let runs = 0;
    const counted = rule('counted', { cache: 'contextual' })(() => {
      runs++;
      return true;
    });
    expect(await evaluate(and(counted, counted, or(deny, counted)))).toBe(true);
    expect(runs).toBe(1);
  });

  it('works with rules from graphql-shield’s ES module build where that build loads (Node < 23)', async () => {
    let esm: typeof import('graphql-shield') | undefined;
    try {
      esm = await import('graphql-shield');
    } catch (error) {
      // Node 23+ removed util.isUndefined, which that build imports: it cannot load at all there.
      expect(String(error)).toMatch(/isUndefined/);
      return;
    }
    const calls: string[] = [];
    const esmRule = esm.rule('esm')(() => {
      calls.push('esm');
      return true;
    });
    expect(await evaluate(esm.chain(esmRule, esm.race(esm.deny, esm.allow)))).toBe(true);
    expect(await evaluate(esm.and(esmRule, esm.not(esm.allow)))).not.toBe(true);
    expect(calls).toEqual(['esm', 'esm']);
  });
});
