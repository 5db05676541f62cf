// Whether access rules fit a supergraph, and how much of it they guard, without a gateway: the same
// rule table the gateway builds for the schema it loads (a problem there stops `gatehouse start`),
// built here for `gatehouse config check`.
import { apiSchemaOf } from '../supergraph/index.ts';
import { ALLOW } from './compileRule.ts';
import { type AccessRules, buildSupergraphRuleTable } from './supergraphRuleTable.ts';

export interface AccessRulesFit {
  /** What is wrong with the rule tree for this supergraph (unknown types or fields, bad fragments); empty when it fits. */
  readonly problems: readonly string[];
  /** `@policy` names neither the rule module nor config defines: they deny. */
  readonly unknownPolicies: readonly string[];
  /** Fields of the API schema's object types. */
  readonly fields: number;
  /** Of those, the fields whose rule is not a plain allow. */
  readonly guardedFields: number;
}

/** `supergraphSdl` as the gateway gets it (with authorization on, its security links unmarked). */
export function accessRulesFit(rules: AccessRules, supergraphSdl: string): AccessRulesFit {
  const { table, unknownPolicies } = buildSupergraphRuleTable(rules, apiSchemaOf(supergraphSdl), supergraphSdl);
  const rulesOfFields = [...table.fields.values()].map((field) => field.rule);
  return {
    problems: table.problems,
    unknownPolicies,
    fields: rulesOfFields.length,
    guardedFields: rulesOfFields.filter((rule) => rule !== ALLOW).length,
  };
}
