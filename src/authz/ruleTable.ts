// The rule of every field of the API schema, decided once per schema: the rule tree's entry (with
// graphql-shield's `Type: rule`, `'*'` and fallbackRule lookups) AND the supergraph directives on the
// field, on its type and on the type it returns.
import {
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isIntrospectionType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { ALLOW, allOf, type CompiledRule, compileRule, DENY, fragmentsOf, isShieldRule, ruleName } from './compileRule.ts';
import type { Permissions } from './definePermissions.ts';
import type { ShieldRule } from './graphqlShield.ts';
import type { AuthDirectiveRules, DirectiveRule } from './supergraphAuthDirectives.ts';

/** Where a field's rule comes from, in the words of the rule tree and the supergraph. */
export type RuleOrigin = 'field rule' | "type's '*' rule" | 'type rule' | 'rule tree' | 'fallback rule' | 'directive';

export interface RuleSource {
  readonly origin: RuleOrigin;
  /** Where it is written: `User.email`, `User['*']`, `User`, `fallbackRule`, `@requiresScopes(admin) on User`. */
  readonly at: string;
  /** The rule's name (`isSelf`, `hasRole(admin)`, `allow`). */
  readonly rule: string;
}

/** A field's rule with where it comes from: what explain, metrics and the registry's check name. */
export interface FieldRule {
  readonly coordinate: string;
  readonly rule: CompiledRule;
  /** The rule as a person reads it (the names of its sources' rules, joined with "and"). */
  readonly name: string;
  /** Empty when nothing guards the field (no rule tree and no directive). */
  readonly sources: readonly RuleSource[];
}

export interface RuleTable {
  readonly schema: GraphQLSchema;
  /** The rule for `type.field`; ALLOW for fields nothing guards. */
  ruleFor(type: GraphQLObjectType, fieldName: string): CompiledRule;
  /** The rule for `type.field` with where it comes from. */
  describe(type: GraphQLObjectType, fieldName: string): FieldRule;
  /** Every object type's fields with their rules (introspection types aside). */
  readonly fields: ReadonlyMap<string, FieldRule>;
  /** What is wrong with the rule tree for this schema (unknown types or fields, bad fragments). */
  readonly problems: readonly string[];
}

interface TreeEntry {
  readonly rule: ShieldRule;
  readonly origin: RuleOrigin;
  readonly at: string;
}

function treeEntryFor(permissions: Permissions, typeName: string, fieldName: string): TreeEntry {
  const tree = permissions.rules;
  const fallback: TreeEntry = { rule: permissions.fallbackRule, origin: 'fallback rule', at: 'fallbackRule' };
  if (isShieldRule(tree)) return { rule: tree as ShieldRule, origin: 'rule tree', at: 'the whole rule tree' };
  const entry = (tree as Record<string, unknown>)[typeName];
  if (entry === undefined) return fallback;
  if (isShieldRule(entry)) return { rule: entry as ShieldRule, origin: 'type rule', at: typeName };
  const fields = entry as Record<string, ShieldRule | undefined>;
  const own = fields[fieldName];
  if (own) return { rule: own, origin: 'field rule', at: `${typeName}.${fieldName}` };
  const wildcard = fields['*'];
  if (wildcard) return { rule: wildcard, origin: "type's '*' rule", at: `${typeName}['*']` };
  return fallback;
}

function treeProblems(permissions: Permissions, schema: GraphQLSchema): string[] {
  const tree = permissions.rules;
  if (isShieldRule(tree)) return [];
  const problems: string[] = [];
  for (const [typeName, entry] of Object.entries(tree as Record<string, unknown>)) {
    const type = schema.getType(typeName);
    if (!type) {
      problems.push(`rules name type ${typeName}, which the schema does not have`);
      continue;
    }
    if (!isObjectType(type)) {
      problems.push(`rules name ${typeName}, which is not an object type (rules apply to object types' fields, as in graphql-shield)`);
      continue;
    }
    if (isShieldRule(entry)) continue;
    if (entry === null || typeof entry !== 'object') {
      problems.push(`rules.${typeName} must be a rule or a map of field rules`);
      continue;
    }
    const fields = type.getFields();
    for (const [fieldName, rule] of Object.entries(entry)) {
      if (fieldName !== '*' && !fields[fieldName])
        problems.push(`rules name field ${typeName}.${fieldName}, which the schema does not have`);
      else if (!isShieldRule(rule)) problems.push(`rules.${typeName}.${fieldName} is not a graphql-shield rule`);
    }
  }
  return problems;
}

/** The fields a rule's fragment names must exist, and be plain fields at its top level (they are fetched under an alias). */
function fragmentProblem(selectionSet: SelectionSetNode, type: GraphQLObjectType, coordinate: string): string | undefined {
  const fields = type.getFields();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return `${coordinate}: a rule's fragment may only select fields of ${type.name}`;
    if (selection.name.value !== '__typename' && !fields[selection.name.value]) {
      return `${coordinate}: a rule's fragment selects ${type.name}.${selection.name.value}, which the schema does not have`;
    }
  }
  return undefined;
}

function directiveEntry(applied: DirectiveRule, on: string): TreeEntry {
  return { rule: applied.rule, origin: 'directive', at: `${applied.directive} on ${on}` };
}

export function buildRuleTable(
  schema: GraphQLSchema,
  permissions: Permissions | undefined,
  directives: AuthDirectiveRules | undefined,
): RuleTable {
  const problems = permissions ? treeProblems(permissions, schema) : [];
  const rules = new Map<string, CompiledRule>();
  const described = new Map<string, FieldRule>();
  const compileSafely = (rule: ShieldRule, coordinate: string): CompiledRule => {
    try {
      return compileRule(rule);
    } catch (error) {
      problems.push(`${coordinate}: ${(error as Error).message}`);
      return DENY;
    }
  };
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const onTypes = (names: readonly string[]): TreeEntry[] =>
      names.flatMap((name) => (directives?.types.get(name) ?? []).map((applied) => directiveEntry(applied, name)));
    const typeRules = onTypes([type.name, ...type.getInterfaces().map((owner) => owner.name)]);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const parts: TreeEntry[] = [
        ...(permissions ? [treeEntryFor(permissions, type.name, field.name)] : []),
        ...(directives?.fields.get(coordinate) ?? []).map((applied) => directiveEntry(applied, coordinate)),
        ...typeRules,
        ...onTypes([getNamedType(field.type).name]),
      ];
      const compiledParts = parts.map((part) => compileSafely(part.rule, coordinate));
      const rule = allOf(compiledParts);
      if (rule !== ALLOW) rules.set(coordinate, rule);
      const sources = parts.map((part, index) => ({
        origin: part.origin,
        at: part.at,
        rule: ruleName(compiledParts[index] as CompiledRule),
      }));
      described.set(coordinate, { coordinate, rule, name: sources.map((source) => source.rule).join(' and ') || 'allow', sources });
      if (!rootTypes.has(type)) {
        for (const fragment of fragmentsOf(rule)) {
          const problem = fragmentProblem(fragment.selectionSet, type, coordinate);
          if (problem) problems.push(problem);
        }
      }
    }
  }
  return {
    schema,
    problems,
    fields: described,
    ruleFor: (type, fieldName) => rules.get(`${type.name}.${fieldName}`) ?? ALLOW,
    describe: (type, fieldName) => {
      const coordinate = `${type.name}.${fieldName}`;
      return described.get(coordinate) ?? { coordinate, rule: ALLOW, name: 'allow', sources: [] };
    },
  };
}
