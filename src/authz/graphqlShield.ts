// graphql-shield's rule constructors, loaded from its CommonJS build.
//
// graphql-shield 7.6.5's ES module build does `import { isUndefined } from 'util'`; Node 23 removed
// util.isUndefined, so on Node 23+ that module fails to link and `import … from 'graphql-shield'`
// throws. Its CommonJS build only looks the function up inside RuleChain/RuleRace.evaluate (where
// Node 23+ makes chain() and race() silently deny). The evaluator in this folder never calls those
// methods — it walks and/or/chain/race/not itself (see evaluateRule.ts) — so loading the CommonJS
// build makes every rule work on Node 20, 22 and 24 without patching Node or the package.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type GraphqlShield = typeof import('graphql-shield');
const shield = require('graphql-shield') as GraphqlShield;

// Typed through graphql-shield's entry point: the inferred types name its internal typings files,
// which the published declarations (dist/) could not refer to.
export const rule: GraphqlShield['rule'] = shield.rule;
export const inputRule: GraphqlShield['inputRule'] = shield.inputRule;
export const and: GraphqlShield['and'] = shield.and;
export const or: GraphqlShield['or'] = shield.or;
export const not: GraphqlShield['not'] = shield.not;
export const chain: GraphqlShield['chain'] = shield.chain;
export const race: GraphqlShield['race'] = shield.race;
export const allow: GraphqlShield['allow'] = shield.allow;
export const deny: GraphqlShield['deny'] = shield.deny;

/** Any graphql-shield rule: `rule()(…)`, `and(…)`, `allow`, … from either of graphql-shield's builds. */
export type ShieldRule = Parameters<typeof and>[number];
/** A rule tree as graphql-shield takes it: `{ Type: rule | { field: rule, '*': rule } }` or one rule for everything. */
export type RuleTree = ShieldRule | { [typeName: string]: ShieldRule | { [fieldName: string]: ShieldRule } };
