// Authorizes each operation before the gateway plans it: evaluates the rule of every field occurrence,
// removes the denied ones, hands the rewritten operation (with its own plan-cache key) to the gateway,
// then evaluates the rules that need the parent object and shapes the response.
//
// Per distinct document (per schema) the analysis is cached; per (document, decisions) the rewritten
// operation is cached; per request only the rules run. An operation nothing guards costs one lookup.
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getArgumentValues,
  getVariableValues,
  responsePathAsArray,
} from 'graphql';
import { ANONYMOUS, type Principal } from '../auth/index.ts';
import type { ExplainedDenial, ExplainedObjectRule, ExplainReport } from '../explain/explainReport.ts';
import type { Logger, RuleDecisionMetrics, RuleTally } from '../observability/index.ts';
import type { GatehouseContext, GatewayInterface } from '../pipeline/index.ts';
import { analyzeOperation, type FieldCheck, type FieldSite, type OperationAnalysis } from './analyzeOperation.ts';
import { FieldCollector } from './collectFields.ts';
import { ALLOW } from './compileRule.ts';
import { deniedFieldError } from './deniedFieldError.ts';
import {
  DENIED,
  type Denial,
  evaluateRule,
  evaluateSync,
  isPromise,
  type MaybePromise,
  type RuleCall,
  type RuleOutcome,
  type ShieldCallOptions,
  UNDECIDED,
  whenAll,
} from './evaluateRule.ts';
import { findDeferredChecks } from './findDeferredChecks.ts';
import { type CheckState, type PrunedOperation, pruneOperation, typenameAlias } from './pruneOperation.ts';
import { type ResponsePath, responsePathOf } from './responsePath.ts';
import { ruleParentFields } from './ruleParentFields.ts';
import type { FieldRule, RuleTable } from './ruleTable.ts';
import { shapeResult } from './shapeResult.ts';
import { type AccessRules, buildSupergraphRuleTable } from './supergraphRuleTable.ts';

export type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type RequestContext = Parameters<GatewayExecutor>[0];
type ExecutionResult = Awaited<ReturnType<GatewayExecutor>>;

export interface OperationAuthorizerOptions extends AccessRules {
  /** `dry_run`: nothing is denied; what would have been is logged, counted and explained. */
  mode?: 'enforce' | 'dry_run';
  /** Where decisions are counted by rule and field. */
  metrics?: RuleDecisionMetrics | undefined;
  logger: Logger;
}

/** Rewritten operations kept per document; a document rarely sees more than a few distinct decisions. */
const PRUNED_PER_OPERATION = 64;

interface OperationEntry {
  readonly analysis: OperationAnalysis | undefined;
  readonly pruned: Map<string, PrunedOperation>;
  /** Each check's rule with where it comes from, and its tally of decisions (aligned with analysis.checks). */
  readonly rules: readonly FieldRule[];
  readonly tallies: readonly RuleTally[] | undefined;
}

/** One request's would-be denials in dry run, per rule and field: the first path and how many. */
interface WouldDeny {
  field: string;
  rule: string;
  path: string;
  count: number;
}

/** Counts nothing: stands in for the tallies when metrics are off, so counting needs no branch. */
const NO_TALLY: RuleTally = { allowed: 0, denied: 0, errored: 0 };

function countOutcome(tally: RuleTally, outcome: RuleOutcome): void {
  if (outcome === true) tally.allowed++;
  else if (outcome !== UNDECIDED) {
    if (outcome.thrown === undefined) tally.denied++;
    else tally.errored++;
  }
}

interface SchemaAuthorization {
  readonly table: RuleTable;
  readonly operations: WeakMap<DocumentNode, Map<string, OperationEntry>>;
}

const STATE_KEYS: Record<CheckState, string> = { allow: 'a', deny: 'd', defer: 'p' };

export class OperationAuthorizer {
  readonly #options: OperationAuthorizerOptions;
  readonly #bySchema = new WeakMap<GraphQLSchema, SchemaAuthorization>();

  constructor(options: OperationAuthorizerOptions) {
    this.#options = options;
  }

  /** Builds the rules for a newly loaded supergraph; returns what is wrong with the rule tree for it. */
  loadSchema(apiSchema: GraphQLSchema, supergraphSdl: string): readonly string[] {
    const { table, unknownPolicies } = buildSupergraphRuleTable(this.#options, apiSchema, supergraphSdl);
    const authorization: SchemaAuthorization = { table, operations: new WeakMap() };
    this.#bySchema.set(apiSchema, authorization);
    // Every guarded field gets its series now, so a rule that never fires shows as 0.
    for (const fieldRule of table.fields.values()) {
      if (fieldRule.rule !== ALLOW) this.#options.metrics?.tallyFor(fieldRule.name, fieldRule.coordinate);
    }
    for (const name of unknownPolicies) {
      this.#options.logger.warn(
        { policy: name },
        `@policy "${name}" is defined neither in authorization.policies nor in the rule module: it denies`,
      );
    }
    return table.problems;
  }

  #entryFor(authorization: SchemaAuthorization, requestContext: RequestContext): OperationEntry {
    const { document } = requestContext;
    const operationName = requestContext.request.operationName ?? '';
    let byName = authorization.operations.get(document);
    if (!byName) {
      byName = new Map();
      authorization.operations.set(document, byName);
    }
    let entry = byName.get(operationName);
    if (!entry) {
      const { table } = authorization;
      const analysis = analyzeOperation(table, document, requestContext.request.operationName, requestContext.source ?? '');
      const rules = (analysis?.checks ?? []).map((check) => table.describe(check.runtimeTypes[0] as GraphQLObjectType, check.site.name));
      const metrics = this.#options.metrics;
      entry = {
        analysis,
        pruned: new Map(),
        rules,
        tallies: metrics && rules.map((fieldRule) => metrics.tallyFor(fieldRule.name, fieldRule.coordinate)),
      };
      byName.set(operationName, entry);
    }
    return entry;
  }

  async execute(requestContext: RequestContext, executor: GatewayExecutor): Promise<ExecutionResult> {
    // Never the rules of another schema: a field they do not know would pass unchecked.
    const authorization = this.#bySchema.get(requestContext.schema);
    if (!authorization) throw new Error('no authorization rules for the serving schema: refusing the operation');
    const entry = this.#entryFor(authorization, requestContext);
    const analysis = entry.analysis;
    // No operation to find: the gateway reports that itself. Nothing guarded: nothing to do.
    if (!analysis || analysis.checks.length === 0) return executor(requestContext);
    return new RequestAuthorization(this.#options, analysis, entry, requestContext).run(executor);
  }
}

/** The work for one request: evaluating its rules, executing the rewritten operation, shaping the result. */
class RequestAuthorization {
  readonly #principal: Principal;
  readonly #explain: ExplainReport | undefined;
  readonly #dryRun: boolean;
  #variables: Record<string, unknown> | undefined;
  #ruleContext: object | undefined;
  #shieldOptions: ShieldCallOptions | undefined;
  /** A field's arguments depend only on the operation and its variables: worked out once per field and request, not per object. */
  readonly #argumentsBySite = new Map<FieldSite, Record<string, unknown>>();
  #evaluationMs = 0;
  #wouldDeny: WouldDeny[] | undefined;

  constructor(
    readonly options: OperationAuthorizerOptions,
    readonly analysis: OperationAnalysis,
    readonly entry: OperationEntry,
    readonly requestContext: RequestContext,
  ) {
    const context = requestContext.context as GatehouseContext;
    this.#principal = context.principal ?? ANONYMOUS;
    this.#explain = context.explain;
    this.#dryRun = options.mode === 'dry_run';
  }

  get variables(): Record<string, unknown> {
    if (!this.#variables) {
      const { coerced, errors } = getVariableValues(
        this.analysis.schema,
        this.analysis.operation.variableDefinitions ?? [],
        this.requestContext.request.variables ?? {},
      );
      if (errors) throw errors[0];
      this.#variables = coerced;
    }
    return this.#variables;
  }

  async run(executor: GatewayExecutor): Promise<ExecutionResult> {
    try {
      return await this.#authorize(executor);
    } finally {
      this.options.metrics?.observeEvaluation(this.#evaluationMs / 1000);
      if (this.#wouldDeny) {
        this.options.logger.info(
          { request_id: (this.requestContext.context as GatehouseContext).requestId, would_deny: this.#wouldDeny },
          'authorization dry run: would deny',
        );
      }
    }
  }

  async #authorize(executor: GatewayExecutor): Promise<ExecutionResult> {
    const { checks } = this.analysis;
    const { entry } = this;
    try {
      this.variables;
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const started = performance.now();
    // Most rules before planning are synchronous (principal tests): no promise per check unless a rule answers with one.
    const outcomes = await whenAll(checks.map((check) => this.#decideBeforePlanning(check)));
    this.#evaluationMs += performance.now() - started;
    const tallies = entry.tallies;
    if (tallies)
      for (let index = 0; index < outcomes.length; index++) countOutcome(tallies[index] ?? NO_TALLY, outcomes[index] as RuleOutcome);
    const states = outcomes.map((outcome): CheckState => (outcome === true ? 'allow' : outcome === UNDECIDED ? 'defer' : 'deny'));
    if (this.#explain) this.#explainBeforePlanning(states);
    if (this.#dryRun) {
      states.forEach((state, index) => {
        if (state !== 'deny') return;
        const check = checks[index] as FieldCheck;
        this.#noteWouldDeny(entry.rules[index] as FieldRule, check.site.path.join('.'));
        states[index] = 'allow';
      });
    }
    if (states.every((state) => state === 'allow')) return executor(this.requestContext);

    const denials = await whenAll(
      outcomes.map((outcome, index) =>
        states[index] !== 'deny' || outcome === true || outcome === UNDECIDED
          ? undefined
          : this.#withFallbackError(outcome, checks[index] as FieldCheck),
      ),
    );
    const key = states.map((state) => STATE_KEYS[state]).join('');
    const pruned = this.#prunedFor(states, key);
    const result: ExecutionResult = pruned.document
      ? await executor({
          ...this.requestContext,
          document: pruned.document,
          operation: pruned.operation as NonNullable<PrunedOperation['operation']>,
          queryHash: pruned.queryHash,
        })
      : { data: {} };
    if (!result.data) return result;

    const collector = new FieldCollector(this.analysis.schema, this.variables, typenameAlias(this.analysis.reservedPrefix));
    const deferred = states.includes('defer') ? await this.#decideOverParents(states, collector, result.data) : new Map();
    const shaped = shapeResult(
      {
        states,
        denials,
        deferred,
        collector,
        deniedError: (check, denial, path) =>
          deniedFieldError(denial.error, `${path.typename ?? ''}.${check.site.name}`, this.#principal.authenticated, path),
      },
      this.analysis.sites,
      this.analysis.rootType,
      result.data,
    );
    const errors = [...(result.errors ?? []), ...shaped.errors];
    return { ...result, data: shaped.data, ...(errors.length > 0 ? { errors } : {}) };
  }

  #prunedFor(states: readonly CheckState[], key: string): PrunedOperation {
    const { entry } = this;
    let pruned = entry.pruned.get(key);
    if (!pruned) {
      pruned = pruneOperation(this.analysis, states, this.requestContext.queryHash, key);
      if (entry.pruned.size >= PRUNED_PER_OPERATION) entry.pruned.delete(entry.pruned.keys().next().value as string);
      entry.pruned.set(key, pruned);
    }
    return pruned;
  }

  #decideBeforePlanning(check: FieldCheck): MaybePromise<RuleOutcome> {
    if (check.rule.sync) return evaluateSync(check.rule, this.#principal);
    const site = check.site;
    const runtimeType = check.runtimeTypes[0] as GraphQLObjectType;
    const logged = (outcome: RuleOutcome) => {
      this.#logThrown(outcome, site, runtimeType);
      return outcome;
    };
    const outcome = evaluateRule(check.rule, this.#call(site, runtimeType, undefined, responsePathOf(site.path), !site.root));
    return isPromise(outcome) ? outcome.then(logged) : logged(outcome);
  }

  async #decideOverParents(
    states: readonly CheckState[],
    collector: FieldCollector,
    data: Record<string, unknown>,
  ): Promise<Map<FieldCheck, Map<object, true | Denial>>> {
    const found = findDeferredChecks(this.analysis.sites, this.analysis.rootType, data, states, collector);
    const started = performance.now();
    const perObject = this.#explain ? new Map<FieldCheck, { evaluated: number; denied: number }>() : undefined;
    // Synchronous rules decide here without a promise; only the rules that answer with one are waited for.
    const outcomes = found.map(({ check, parent, runtimeType, path }): MaybePromise<true | Denial> => {
      const call = this.#call(check.site, runtimeType, this.#parentFor(check, parent, runtimeType), path, false);
      const outcome = evaluateRule(check.rule, call);
      return isPromise(outcome)
        ? outcome.then((settled) => this.#settleOverParent(settled, check, runtimeType, path, call, perObject))
        : this.#settleOverParent(outcome, check, runtimeType, path, call, perObject);
    });
    const settled = await whenAll(outcomes);
    this.#evaluationMs += performance.now() - started;
    if (perObject && this.#explain?.authorization) {
      for (const [check, counts] of perObject) {
        const fieldRule = this.entry.rules[check.index] as FieldRule;
        const explained = this.#explain.authorization.perObject.find((rule) => rule.field === fieldRule.coordinate);
        if (explained) Object.assign(explained, counts);
      }
    }
    // By check first: a query has a few deferred checks and many parents, so this makes a map per check, not per object.
    const byCheck = new Map<FieldCheck, Map<object, true | Denial>>();
    found.forEach(({ check, parent }, index) => {
      let parents = byCheck.get(check);
      if (!parents) {
        parents = new Map();
        byCheck.set(check, parents);
      }
      parents.set(parent, settled[index] as true | Denial);
    });
    return byCheck;
  }

  /** One rule's outcome over one object: counted, explained, and (fail closed) a denial when still undecided. */
  #settleOverParent(
    outcome: RuleOutcome,
    check: FieldCheck,
    runtimeType: GraphQLObjectType,
    path: ResponsePath,
    call: RuleCall,
    perObject: Map<FieldCheck, { evaluated: number; denied: number }> | undefined,
  ): MaybePromise<true | Denial> {
    this.#logThrown(outcome, check.site, runtimeType);
    const decided = outcome === UNDECIDED ? DENIED : outcome;
    const tallies = this.entry.tallies;
    if (tallies) countOutcome(tallies[check.index] ?? NO_TALLY, decided);
    if (perObject) {
      const counts = perObject.get(check) ?? { evaluated: 0, denied: 0 };
      counts.evaluated++;
      if (decided !== true) counts.denied++;
      perObject.set(check, counts);
    }
    if (decided === true) return true;
    if (this.#dryRun) {
      this.#noteWouldDeny(this.entry.rules[check.index] as FieldRule, responsePathAsArray(path).join('.'));
      return true;
    }
    return this.#withFallbackError(decided, check, call);
  }

  /** The parent a rule sees: the fields its fragment named, by their names (read where they were fetched). */
  #parentFor(check: FieldCheck, object: Record<string, unknown>, runtimeType: GraphQLObjectType): Record<string, unknown> {
    const parent: Record<string, unknown> = { __typename: runtimeType.name };
    for (const { key, fetchedAs } of ruleParentFields(this.analysis, check, runtimeType)) parent[key] = object[fetchedAs];
    return parent;
  }

  #call(
    site: FieldSite,
    runtimeType: GraphQLObjectType,
    parent: unknown,
    path: ResponsePath | undefined,
    parentUnknown: boolean,
  ): RuleCall {
    return new FieldRuleCall(this, site, runtimeType, parent, path, parentUnknown);
  }

  argumentsOf(site: FieldSite): Record<string, unknown> {
    let args = this.#argumentsBySite.get(site);
    if (!args) {
      args = site.definition ? getArgumentValues(site.definition, site.node, this.variables) : {};
      this.#argumentsBySite.set(site, args);
    }
    return args;
  }

  /** The context rules see: the request's, with graphql-shield's per-request cache (cache: 'contextual' | 'strict') in _shield. */
  ruleContext(): object {
    this.#ruleContext ??= { ...this.requestContext.context, _shield: { cache: {} } };
    return this.#ruleContext;
  }

  get principal(): Principal {
    return this.#principal;
  }

  /** graphql-shield's options for Rule.resolve, one object per request. */
  shieldCallOptions(): ShieldCallOptions {
    if (!this.#shieldOptions) {
      const { permissions } = this.options;
      this.#shieldOptions = {
        debug: true,
        allowExternalErrors: permissions?.allowExternalErrors ?? false,
        hashFunction: permissions?.hashFunction ?? JSON.stringify,
      };
    }
    return this.#shieldOptions;
  }

  /** A denial without its own error gets fallbackError (a function form is called like graphql-shield calls it). */
  #withFallbackError(denial: Denial, check: FieldCheck, call?: RuleCall): MaybePromise<Denial> {
    const fallback = this.options.permissions?.fallbackError;
    if (denial.error || fallback === undefined) return denial;
    if (typeof fallback === 'string') return { error: new Error(fallback) };
    if (fallback instanceof Error) return { error: fallback };
    const site = check.site;
    const ruleCall = call ?? this.#call(site, check.runtimeTypes[0] as GraphQLObjectType, undefined, responsePathOf(site.path), false);
    const called = async () => fallback(denial.thrown ?? null, ruleCall.parent, ruleCall.args(), ruleCall.context(), ruleCall.info());
    return called().then(
      (error) => ({ error }),
      () => ({ error: undefined }),
    );
  }

  /** The explain report's authorization part: what was (or in dry run, would be) removed, and what waits for the fetched objects. */
  #explainBeforePlanning(states: readonly CheckState[]): void {
    const removed: ExplainedDenial[] = [];
    const perObject: ExplainedObjectRule[] = [];
    states.forEach((state, index) => {
      if (state === 'allow') return;
      const check = this.analysis.checks[index] as FieldCheck;
      const { coordinate: field, name: rule, sources: decidedBy } = this.entry.rules[index] as FieldRule;
      if (state === 'deny') removed.push({ path: check.site.path.join('.'), field, rule, decidedBy });
      else if (!perObject.some((explained) => explained.field === field)) {
        perObject.push({ field, rule, decidedBy, evaluated: 0, denied: 0 });
      }
    });
    (this.#explain as ExplainReport).authorization = { mode: this.options.mode ?? 'enforce', removed, perObject };
  }

  #noteWouldDeny(fieldRule: FieldRule, path: string): void {
    this.#wouldDeny ??= [];
    const noted = this.#wouldDeny.find((entry) => entry.field === fieldRule.coordinate && entry.rule === fieldRule.name);
    if (noted) noted.count++;
    else this.#wouldDeny.push({ field: fieldRule.coordinate, rule: fieldRule.name, path, count: 1 });
  }

  #logThrown(outcome: RuleOutcome, site: FieldSite, runtimeType: GraphQLObjectType) {
    if (outcome === true || outcome === UNDECIDED || outcome.thrown === undefined) return;
    this.options.logger.warn(
      { field: `${runtimeType.name}.${site.name}`, err: outcome.thrown },
      'an authorization rule threw; the field is denied',
    );
  }
}

/** What a rule is called with for one field occurrence: one object, its parts built only when the rule asks. */
class FieldRuleCall implements RuleCall {
  constructor(
    readonly request: RequestAuthorization,
    readonly site: FieldSite,
    readonly runtimeType: GraphQLObjectType,
    readonly parent: unknown,
    readonly path: ResponsePath | undefined,
    readonly parentUnknown: boolean,
  ) {}

  get principal(): Principal {
    return this.request.principal;
  }

  get options(): ShieldCallOptions {
    return this.request.shieldCallOptions();
  }

  args(): Record<string, unknown> {
    return this.request.argumentsOf(this.site);
  }

  context(): object {
    return this.request.ruleContext();
  }

  info(): GraphQLResolveInfo {
    const { site, runtimeType, request } = this;
    const { analysis } = request;
    return {
      fieldName: site.name,
      fieldNodes: [site.node],
      returnType: site.definition?.type ?? runtimeType,
      parentType: runtimeType,
      path: this.path as ResponsePath,
      schema: analysis.schema,
      fragments: analysis.fragments,
      rootValue: undefined,
      operation: analysis.operation,
      variableValues: request.variables,
    };
  }
}
