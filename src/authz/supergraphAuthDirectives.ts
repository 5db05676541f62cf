// The supergraph's own access directives, as Apollo Router reads them: @authenticated,
// @requiresScopes(scopes: [[…]]) and @policy(policies: [[…]]) — each list of lists is an OR of ANDs.
// The API schema drops them, so they are read from the supergraph SDL (under whatever name its @link
// gives them) and become the same rules the rule tree uses.
import { Supergraph } from '@apollo/federation-internals';
import { isAuthenticated, principalRule } from './builtinRules.ts';
import { and, or, type ShieldRule } from './graphqlShield.ts';

export const AUTH_DIRECTIVE_SPECS = [
  { identity: 'https://specs.apollo.dev/authenticated', directive: 'authenticated' },
  { identity: 'https://specs.apollo.dev/requiresScopes', directive: 'requiresScopes' },
  { identity: 'https://specs.apollo.dev/policy', directive: 'policy' },
] as const;

/** One directive application as a rule, with the directive as it is written (for explain, metrics and checks). */
export interface DirectiveRule {
  readonly rule: ShieldRule;
  /** e.g. `@requiresScopes(read:a read:b | admin)`. */
  readonly directive: string;
}

export interface AuthDirectiveRules {
  /** Rules from directives on field definitions, by `Type.field`. */
  readonly fields: ReadonlyMap<string, DirectiveRule[]>;
  /** Rules from directives on types (objects, interfaces, scalars, enums), by type name. */
  readonly types: ReadonlyMap<string, DirectiveRule[]>;
}

function alternativesLabel(alternatives: readonly (readonly string[])[]): string {
  return alternatives.map((all) => all.join(' ')).join(' | ');
}

function requiresScopesRule(alternatives: readonly (readonly string[])[]): ShieldRule {
  return principalRule(`requiresScopes(${alternativesLabel(alternatives)})`, (principal) =>
    alternatives.some((all) => all.every((scope) => principal.scopes.includes(scope))),
  );
}

function policyRule(alternatives: readonly (readonly string[])[], policyFor: (name: string) => ShieldRule): ShieldRule {
  return or(...alternatives.map((all) => and(...all.map(policyFor))));
}

function add(map: Map<string, DirectiveRule[]>, key: string, rule: DirectiveRule) {
  const rules = map.get(key);
  if (rules) rules.push(rule);
  else map.set(key, [rule]);
}

/** `policyFor` maps a policy name to its rule (a name nobody defined should map to `deny`). */
export function readAuthDirectiveRules(supergraphSdl: string, policyFor: (name: string) => ShieldRule): AuthDirectiveRules {
  const schema = Supergraph.build(supergraphSdl, { supportedFeatures: null, validateSupergraph: false }).schema;
  const fields = new Map<string, DirectiveRule[]>();
  const types = new Map<string, DirectiveRule[]>();
  for (const spec of AUTH_DIRECTIVE_SPECS) {
    const name = schema.coreFeatures?.getByIdentity(spec.identity)?.directiveNameInSchema(spec.directive);
    const definition = name === undefined ? undefined : schema.directive(name);
    for (const application of definition?.applications() ?? []) {
      const args = application.arguments() as { scopes?: string[][]; policies?: string[][] };
      const directiveRule: DirectiveRule =
        spec.directive === 'authenticated'
          ? { rule: isAuthenticated, directive: '@authenticated' }
          : spec.directive === 'requiresScopes'
            ? { rule: requiresScopesRule(args.scopes ?? []), directive: `@requiresScopes(${alternativesLabel(args.scopes ?? [])})` }
            : { rule: policyRule(args.policies ?? [], policyFor), directive: `@policy(${alternativesLabel(args.policies ?? [])})` };
      const element = application.parent as unknown as { kind: string; coordinate: string; name: string };
      if (element.kind === 'FieldDefinition') add(fields, element.coordinate, directiveRule);
      else add(types, element.name, directiveRule);
    }
  }
  return { fields, types };
}
