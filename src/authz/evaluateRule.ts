// Evaluates a compiled rule with graphql-shield's semantics — and/or run every rule, chain stops at
// the first failure, race at the first success, not negates, a rule returning an Error denies with it,
// a rule that throws denies (fail closed) — plus a third outcome, UNDECIDED, for rules that need the
// parent object before the gateway has fetched it.
import type { GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../auth/index.ts';
import type { CompiledRule } from './compileRule.ts';

export const UNDECIDED = Symbol('undecided');

export interface Denial {
  /** The rule's own error (returned, or thrown with allowExternalErrors); undefined → fallbackError. */
  readonly error: Error | undefined;
  /** What the rule threw, for the log. */
  readonly thrown?: unknown;
}

export type RuleOutcome = true | Denial | typeof UNDECIDED;

export const DENIED: Denial = Object.freeze({ error: undefined });

export interface ShieldCallOptions {
  /** Always true: makes Rule.resolve rethrow what the rule threw, so it is reported (or hidden) here. */
  debug: true;
  allowExternalErrors: boolean;
  hashFunction: (input: { parent: unknown; args: unknown }) => string;
}

export interface RuleCall {
  principal: Principal;
  /** The parent object; undefined before planning. */
  parent: unknown;
  /** True before planning below the root: rules that need the parent answer UNDECIDED. */
  parentUnknown: boolean;
  args(): Record<string, unknown>;
  context(): object;
  info(): GraphQLResolveInfo;
  options: ShieldCallOptions;
}

function isDenial(outcome: RuleOutcome): outcome is Denial {
  return outcome !== true && outcome !== UNDECIDED;
}

/** The first denial that carries an error, else the first denial (graphql-shield's `customError || false`). */
function firstDenial(outcomes: readonly RuleOutcome[]): Denial {
  const denials = outcomes.filter(isDenial);
  return denials.find((denial) => denial.error !== undefined) ?? denials[0] ?? DENIED;
}

/** For rules built only of allow, deny and principal tests: no promise, no context. */
export function evaluateSync(rule: CompiledRule, principal: Principal): true | Denial {
  switch (rule.kind) {
    case 'allow':
      return true;
    case 'deny':
      return DENIED;
    case 'principal':
      return rule.test(principal) ? true : DENIED;
    case 'and':
    case 'chain': {
      for (const inner of rule.rules) {
        const outcome = evaluateSync(inner, principal);
        if (outcome !== true) return outcome;
      }
      return true;
    }
    case 'or':
    case 'race': {
      const outcomes = rule.rules.map((inner) => evaluateSync(inner, principal));
      return outcomes.includes(true) ? true : firstDenial(outcomes);
    }
    case 'not': {
      const outcome = evaluateSync(rule.rule, principal);
      return outcome === true ? { error: rule.error } : true;
    }
    case 'rule':
      throw new Error('evaluateSync called on a rule that is not synchronous');
  }
}

async function evaluateLeaf(rule: Extract<CompiledRule, { kind: 'rule' }>, call: RuleCall): Promise<RuleOutcome> {
  if (rule.needsParent && call.parentUnknown) return UNDECIDED;
  let result: unknown;
  try {
    result = await rule.rule.resolve(call.parent, call.args(), call.context(), call.info(), call.options);
  } catch (thrown) {
    const error = call.options.allowExternalErrors && thrown instanceof Error ? thrown : undefined;
    return { error, thrown };
  }
  if (result === true) return true;
  if (result instanceof Error) return { error: result };
  return DENIED;
}

export async function evaluateRule(rule: CompiledRule, call: RuleCall): Promise<RuleOutcome> {
  if (rule.sync) return evaluateSync(rule, call.principal);
  switch (rule.kind) {
    case 'rule':
      return evaluateLeaf(rule, call);
    case 'and': {
      const outcomes = await Promise.all(rule.rules.map((inner) => evaluateRule(inner, call)));
      if (outcomes.some(isDenial)) return firstDenial(outcomes);
      return outcomes.includes(UNDECIDED) ? UNDECIDED : true;
    }
    case 'or': {
      const outcomes = await Promise.all(rule.rules.map((inner) => evaluateRule(inner, call)));
      if (outcomes.includes(true)) return true;
      return outcomes.includes(UNDECIDED) ? UNDECIDED : firstDenial(outcomes);
    }
    case 'chain': {
      // Sequential: a later rule may assume the earlier ones passed, so an undecided one stops here too.
      for (const inner of rule.rules) {
        const outcome = await evaluateRule(inner, call);
        if (outcome !== true) return outcome;
      }
      return true;
    }
    case 'race': {
      const outcomes: RuleOutcome[] = [];
      for (const inner of rule.rules) {
        const outcome = await evaluateRule(inner, call);
        if (outcome === true || outcome === UNDECIDED) return outcome;
        outcomes.push(outcome);
      }
      return firstDenial(outcomes);
    }
    case 'not': {
      const outcome = await evaluateRule(rule.rule, call);
      if (outcome === UNDECIDED) return UNDECIDED;
      return outcome === true ? { error: rule.error } : true;
    }
    default:
      return evaluateSync(rule, call.principal);
  }
}
