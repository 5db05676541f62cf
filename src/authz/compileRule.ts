// Turns a graphql-shield rule tree into the evaluator's form, once per rule object. Rule classes are
// recognised by their constructor names, as graphql-shield's own isRule/isLogicRule do, so rules from
// either of its builds (CommonJS here, ES modules in a user's file on Node ≤ 22) work alike.
import type { GraphQLResolveInfo } from 'graphql';
import { type PrincipalTest, principalTestOf } from './builtinRules.ts';
import { parseRuleFragment, type RuleFragment } from './ruleFragment.ts';
import { RuleTreeError } from './ruleTreeError.ts';

/** graphql-shield's Rule, as much of it as the evaluator calls. */
export interface ShieldLeafRule {
  readonly name: string;
  resolve(parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo, options: unknown): Promise<unknown>;
  extractFragment(): string | undefined;
}

export type RuleFunction = (parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/** The function of a rule made by graphql-shield's rule() with cache 'no_cache' and not subclassed (InputRule validates first). */
function directFunctionOf(rule: object): RuleFunction | undefined {
  const { cache, func } = rule as { cache?: unknown; func?: unknown };
  const isPlainRule = Object.getPrototypeOf(rule)?.constructor?.name === 'Rule' && !Object.hasOwn(rule, 'resolve');
  return isPlainRule && cache === 'no_cache' && typeof func === 'function' ? (func as RuleFunction) : undefined;
}

export type CompiledRule =
  | { readonly kind: 'allow' | 'deny'; readonly needsParent: false; readonly sync: true }
  | { readonly kind: 'principal'; readonly name: string; readonly test: PrincipalTest; readonly needsParent: false; readonly sync: true }
  | {
      readonly kind: 'rule';
      readonly rule: ShieldLeafRule;
      /** The rule's own function, when calling it is all graphql-shield's Rule.resolve would do (a plain `no_cache` rule). */
      readonly direct: RuleFunction | undefined;
      readonly fragment: RuleFragment | undefined;
      readonly needsParent: boolean;
      readonly sync: false;
    }
  | {
      readonly kind: 'and' | 'or' | 'chain' | 'race';
      readonly rules: readonly CompiledRule[];
      readonly needsParent: boolean;
      readonly sync: boolean;
    }
  | {
      readonly kind: 'not';
      readonly rule: CompiledRule;
      readonly error: Error | undefined;
      readonly needsParent: boolean;
      readonly sync: boolean;
    };

export const ALLOW: CompiledRule = Object.freeze({ kind: 'allow', needsParent: false, sync: true });
export const DENY: CompiledRule = Object.freeze({ kind: 'deny', needsParent: false, sync: true });

const SHIELD_CLASSES = ['RuleTrue', 'RuleFalse', 'RuleAnd', 'RuleOr', 'RuleChain', 'RuleRace', 'RuleNot', 'Rule'] as const;
type ShieldClass = (typeof SHIELD_CLASSES)[number];

function shieldClassOf(candidate: unknown): ShieldClass | undefined {
  if (candidate === null || typeof candidate !== 'object') return undefined;
  // Walk the prototype chain so InputRule and user subclasses of Rule count as Rule.
  for (let prototype = Object.getPrototypeOf(candidate); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
    const known = SHIELD_CLASSES.find((shieldClass) => shieldClass === name);
    if (known) return known;
  }
  return undefined;
}

export function isShieldRule(candidate: unknown): boolean {
  return shieldClassOf(candidate) !== undefined;
}

const compiled = new WeakMap<object, CompiledRule>();

function combine(kind: 'and' | 'or' | 'chain' | 'race', rules: readonly CompiledRule[]): CompiledRule {
  return { kind, rules, needsParent: rules.some((rule) => rule.needsParent), sync: rules.every((rule) => rule.sync) };
}

export function compileRule(candidate: unknown): CompiledRule {
  const shieldClass = shieldClassOf(candidate);
  if (!shieldClass) throw new RuleTreeError(`not a graphql-shield rule: ${String(candidate)}`);
  const rule = candidate as object;
  const cached = compiled.get(rule);
  if (cached) return cached;
  let result: CompiledRule;
  switch (shieldClass) {
    case 'RuleTrue':
      result = ALLOW;
      break;
    case 'RuleFalse':
      result = DENY;
      break;
    case 'RuleAnd':
    case 'RuleOr':
    case 'RuleChain':
    case 'RuleRace': {
      const kind = ({ RuleAnd: 'and', RuleOr: 'or', RuleChain: 'chain', RuleRace: 'race' } as const)[shieldClass];
      result = combine(kind, (rule as { getRules(): unknown[] }).getRules().map(compileRule));
      break;
    }
    case 'RuleNot': {
      const [inner] = (rule as { getRules(): unknown[] }).getRules();
      const negated = compileRule(inner);
      const error = (rule as { error?: unknown }).error;
      result = {
        kind: 'not',
        rule: negated,
        error: error instanceof Error ? error : undefined,
        needsParent: negated.needsParent,
        sync: negated.sync,
      };
      break;
    }
    case 'Rule': {
      const test = principalTestOf(rule);
      if (test) {
        result = { kind: 'principal', name: (rule as ShieldLeafRule).name, test, needsParent: false, sync: true };
        break;
      }
      const leaf = rule as ShieldLeafRule;
      const source = leaf.extractFragment();
      const fragment = source === undefined ? undefined : parseRuleFragment(source, leaf.name);
      result = { kind: 'rule', rule: leaf, direct: directFunctionOf(rule), fragment, needsParent: fragment !== undefined, sync: false };
      break;
    }
  }
  compiled.set(rule, result);
  return result;
}

/** `and` of several compiled rules, without a wrapper when one suffices. */
export function allOf(rules: readonly CompiledRule[]): CompiledRule {
  const meaningful = rules.filter((rule) => rule !== ALLOW);
  if (meaningful.length === 0) return ALLOW;
  if (meaningful.length === 1) return meaningful[0] as CompiledRule;
  return combine('and', meaningful);
}

/** graphql-shield names a rule made without a name with Math.random(): nothing a reader can use. */
const GENERATED_NAME = /^0\.\d+$/;

/** A rule as a person reads it: its name (`isSelf`, `hasRole(admin)`), or how it combines named rules. */
export function ruleName(rule: CompiledRule): string {
  switch (rule.kind) {
    case 'allow':
    case 'deny':
      return rule.kind;
    case 'principal':
      return rule.name;
    case 'rule':
      return GENERATED_NAME.test(rule.rule.name) ? 'rule()' : rule.rule.name;
    case 'not':
      return `not(${ruleName(rule.rule)})`;
    default:
      return rule.rules.length === 1 ? ruleName(rule.rules[0] as CompiledRule) : `${rule.kind}(${rule.rules.map(ruleName).join(', ')})`;
  }
}

/** Every fragment a rule tree declares (the fields the gateway must fetch to evaluate it). */
export function fragmentsOf(rule: CompiledRule): RuleFragment[] {
  switch (rule.kind) {
    case 'rule':
      return rule.fragment ? [rule.fragment] : [];
    case 'and':
    case 'or':
    case 'chain':
    case 'race':
      return rule.rules.flatMap(fragmentsOf);
    case 'not':
      return fragmentsOf(rule.rule);
    default:
      return [];
  }
}
