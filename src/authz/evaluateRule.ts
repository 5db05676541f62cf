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

export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Every value, as one promise only when one of them is a promise (a list of synchronous outcomes stays synchronous). */
export function whenAll<T>(values: readonly MaybePromise<T>[]): MaybePromise<T[]> {
  return values.some(isPromise) ? Promise.all(values) : (values as T[]);
}

/** A leaf rule's answer as graphql-shield's Rule.resolve maps it: true passes, an Error (or a string) denies with it. */
function outcomeOfResult(result: unknown): RuleOutcome {
  if (result === true) return true;
  if (result instanceof Error) return { error: result };
  if (typeof result === 'string') return { error: new Error(result) };
  return DENIED;
}

function outcomeOfThrown(thrown: unknown, call: RuleCall): Denial {
  const error = call.options.allowExternalErrors && thrown instanceof Error ? thrown : undefined;
  return { error, thrown };
}

function evaluateLeaf(rule: Extract<CompiledRule, { kind: 'rule' }>, call: RuleCall): MaybePromise<RuleOutcome> {
  if (rule.needsParent && call.parentUnknown) return UNDECIDED;
  let result: unknown;
  try {
    // A plain no_cache rule is its function: calling it directly keeps a synchronous rule free of
    // promises, which matters when it runs once per object of a list.
    result = rule.direct
      ? rule.direct(call.parent, call.args(), call.context(), call.info())
      : rule.rule.resolve(call.parent, call.args(), call.context(), call.info(), call.options);
  } catch (thrown) {
    return outcomeOfThrown(thrown, call);
  }
  if (!isPromise(result)) return outcomeOfResult(result);
  return result.then(outcomeOfResult, (thrown: unknown) => outcomeOfThrown(thrown, call));
}

function combineAll(kind: 'and' | 'or', outcomes: readonly RuleOutcome[]): RuleOutcome {
  if (kind === 'and') {
    if (outcomes.some(isDenial)) return firstDenial(outcomes);
    return outcomes.includes(UNDECIDED) ? UNDECIDED : true;
  }
  if (outcomes.includes(true)) return true;
  return outcomes.includes(UNDECIDED) ? UNDECIDED : firstDenial(outcomes);
}

/** Whether chain (at the first that does not pass: a later rule may assume the earlier ones passed, so an undecided one stops it too) or race (at the first that passes or is undecided) stops at this outcome. */
function stopsAt(kind: 'chain' | 'race', outcome: RuleOutcome): boolean {
  return kind === 'chain' ? outcome !== true : outcome === true || outcome === UNDECIDED;
}

/** chain or race, from rule `from` on. */
function evaluateInOrder(
  kind: 'chain' | 'race',
  rules: readonly CompiledRule[],
  call: RuleCall,
  from: number,
  denials: RuleOutcome[],
): MaybePromise<RuleOutcome> {
  for (let index = from; index < rules.length; index++) {
    const outcome = evaluateRule(rules[index] as CompiledRule, call);
    if (isPromise(outcome)) {
      return outcome.then((settled) => {
        if (stopsAt(kind, settled)) return settled;
        if (kind === 'race') denials.push(settled);
        return evaluateInOrder(kind, rules, call, index + 1, denials);
      });
    }
    if (stopsAt(kind, outcome)) return outcome;
    if (kind === 'race') denials.push(outcome);
  }
  return kind === 'chain' ? true : firstDenial(denials);
}

/** Synchronous when every rule it reaches answers synchronously; a promise only when one of them does not. */
export function evaluateRule(rule: CompiledRule, call: RuleCall): MaybePromise<RuleOutcome> {
  if (rule.sync) return evaluateSync(rule, call.principal);
  switch (rule.kind) {
    case 'rule':
      return evaluateLeaf(rule, call);
    case 'and':
    case 'or': {
      const kind = rule.kind;
      const outcomes = whenAll(rule.rules.map((inner) => evaluateRule(inner, call)));
      return isPromise(outcomes) ? outcomes.then((settled) => combineAll(kind, settled)) : combineAll(kind, outcomes);
    }
    case 'chain':
    case 'race':
      return evaluateInOrder(rule.kind, rule.rules, call, 0, []);
    case 'not': {
      const negate = (outcome: RuleOutcome): RuleOutcome =>
        outcome === UNDECIDED ? UNDECIDED : outcome === true ? { error: rule.error } : true;
      const outcome = evaluateRule(rule.rule, call);
      return isPromise(outcome) ? outcome.then(negate) : negate(outcome);
    }
    default:
      return evaluateSync(rule, call.principal);
  }
}
