// What a schema change means for access control, before it goes live: for each field a candidate
// supergraph adds, and each field whose access directives change, the rule that will decide it at the
// gateway, and whether an anonymous caller could now read it (newly exposed) or nobody could (unreachable).
import type { GraphQLSchema } from 'graphql';
import { ANONYMOUS } from '../auth/index.ts';
import type { CompiledRule } from './compileRule.ts';
import { evaluateSync } from './evaluateRule.ts';
import type { FieldRule, RuleOrigin, RuleSource } from './ruleTable.ts';
import { type AccessRules, buildSupergraphRuleTable } from './supergraphRuleTable.ts';

export interface CoveredField {
  /** `Type.field` */
  readonly field: string;
  readonly change: 'added' | 'access changed';
  /** The rule that will decide the field, as written. */
  readonly rule: string;
  readonly decidedBy: readonly RuleSource[];
  /** An anonymous caller could read it, and no rule of its own says so: a wildcard, a type rule or the fallback allows. */
  readonly newlyExposed: boolean;
  /** No rule grants it to anyone. */
  readonly unreachable: boolean;
}

export interface AuthorizationCoverage {
  readonly fields: CoveredField[];
  readonly newlyExposed: number;
  readonly unreachable: number;
}

export interface CoveredSupergraph {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSdl: string;
}

/** Sources that decide for many fields at once: what allows through them was never decided for this field. */
const BLANKET_ORIGINS: ReadonlySet<RuleOrigin> = new Set(["type's '*' rule", 'type rule', 'rule tree', 'fallback rule']);

/** Whether an anonymous caller is allowed, when the rule can say so without a request (principal rules only). */
function anonymousReads(rule: CompiledRule): boolean {
  return rule.sync && evaluateSync(rule, ANONYMOUS) === true;
}

/** Whether a rule grants the field to nobody, whatever the caller (deny, or combinations only of deny). */
function grantsNobody(rule: CompiledRule): boolean {
  switch (rule.kind) {
    case 'deny':
      return true;
    case 'and':
    case 'chain':
      return rule.rules.some(grantsNobody);
    case 'or':
    case 'race':
      return rule.rules.every(grantsNobody);
    case 'not':
      return rule.rule.kind === 'allow';
    default:
      return false;
  }
}

function directivesOf(fieldRule: FieldRule | undefined): string {
  return (fieldRule?.sources ?? [])
    .filter((source) => source.origin === 'directive')
    .map((source) => source.at)
    .join('\n');
}

function covered(fieldRule: FieldRule, change: CoveredField['change'], anonymousBefore: boolean): CoveredField {
  const anonymous = anonymousReads(fieldRule.rule);
  const blanket = fieldRule.sources.some((source) => source.origin !== 'directive' && BLANKET_ORIGINS.has(source.origin));
  return {
    field: fieldRule.coordinate,
    change,
    rule: fieldRule.name,
    decidedBy: fieldRule.sources,
    newlyExposed: anonymous && !anonymousBefore && (change === 'access changed' || blanket),
    unreachable: change === 'added' && grantsNobody(fieldRule.rule),
  };
}

/** Compares the rules of the candidate's fields with the current supergraph's (none: every field is new). */
export function authorizationCoverage(
  rules: AccessRules,
  current: CoveredSupergraph | undefined,
  candidate: CoveredSupergraph,
): AuthorizationCoverage {
  const before = current ? buildSupergraphRuleTable(rules, current.apiSchema, current.supergraphSdl).table.fields : new Map();
  const after = buildSupergraphRuleTable(rules, candidate.apiSchema, candidate.supergraphSdl).table.fields;
  const fields: CoveredField[] = [];
  for (const [coordinate, fieldRule] of after) {
    const previous = before.get(coordinate);
    if (!previous) fields.push(covered(fieldRule, 'added', false));
    else if (directivesOf(previous) !== directivesOf(fieldRule)) {
      fields.push(covered(fieldRule, 'access changed', anonymousReads(previous.rule)));
    }
  }
  return {
    fields,
    newlyExposed: fields.filter((field) => field.newlyExposed).length,
    unreachable: fields.filter((field) => field.unreachable).length,
  };
}
