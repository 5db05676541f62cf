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
import { ALLOW, allOf, type CompiledRule, compileRule, DENY, fragmentsOf, isShieldRule } from './compileRule.ts';
import type { Permissions } from './definePermissions.ts';
import type { ShieldRule } from './graphqlShield.ts';
import type { AuthDirectiveRules } from './supergraphAuthDirectives.ts';

export interface RuleTable {
  readonly schema: GraphQLSchema;
  /** The rule for `type.field`; ALLOW for fields nothing guards. */
  ruleFor(type: GraphQLObjectType, fieldName: string): CompiledRule;
  /** What is wrong with the rule tree for this schema (unknown types or fields, bad fragments). */
  readonly problems: readonly string[];
}

function treeEntryFor(permissions: Permissions, typeName: string, fieldName: string): ShieldRule {
  const tree = permissions.rules;
  if (isShieldRule(tree)) return tree as ShieldRule;
  const entry = (tree as Record<string, unknown>)[typeName];
  if (entry === undefined) return permissions.fallbackRule;
  if (isShieldRule(entry)) return entry as ShieldRule;
  const fields = entry as Record<string, ShieldRule | undefined>;
  return fields[fieldName] ?? fields['*'] ?? permissions.fallbackRule;
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

export function buildRuleTable(
  schema: GraphQLSchema,
  permissions: Permissions | undefined,
  directives: AuthDirectiveRules | undefined,
): RuleTable {
  const problems = permissions ? treeProblems(permissions, schema) : [];
  const rules = new Map<string, CompiledRule>();
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
    const typeRules = [type, ...type.getInterfaces()].flatMap((owner) => directives?.types.get(owner.name) ?? []);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const parts: ShieldRule[] = [
        ...(permissions ? [treeEntryFor(permissions, type.name, field.name)] : []),
        ...(directives?.fields.get(coordinate) ?? []),
        ...typeRules,
        ...(directives?.types.get(getNamedType(field.type).name) ?? []),
      ];
      const rule = allOf(parts.map((part) => compileSafely(part, coordinate)));
      if (rule !== ALLOW) rules.set(coordinate, rule);
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
    ruleFor: (type, fieldName) => rules.get(`${type.name}.${fieldName}`) ?? ALLOW,
  };
}
