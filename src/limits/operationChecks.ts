// Checks one operation against one principal's limits, cheapest first: bytes, then the cached shape
// analysis of its document (tokens, nesting, selections, depth, height, aliases, root fields,
// directives), then the cost for its variables. The first limit exceeded is the error thrown.
import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { LimitsConfig } from '../config/limitsConfig.ts';
import type { CostContribution, ExplainedCost, ExplainedLimit } from '../explain/explainReport.ts';
import type { Logger } from '../observability/index.ts';
import { type AnalysisBounds, analyzeDocument, type DocumentAnalysis, type OperationAnalysis } from './analyzeDocument.ts';
import { type CostModel, SlicingArgumentError } from './cost/compileOperationCost.ts';
import { evaluate, type VariableValues } from './cost/costAmount.ts';
import { costContributions } from './cost/costContributions.ts';
import { NO_COST_DIRECTIVES, readCostDirectives } from './cost/readCostDirectives.ts';
import { slicingArgumentRequired } from './limitErrors.ts';
import type { PrincipalLimits } from './limitProfiles.ts';
import { limitExceeded } from './limitRule.ts';
import { MaxBytesRule, measureBytes } from './MaxBytesRule.ts';
import { MaxCostRule } from './MaxCostRule.ts';
import { firstExceededLimit, SHAPE_RULES } from './operationLimits.ts';

/** How much the cache of analysed documents may hold, in (estimated) bytes. */
const CACHE_BYTES = 64 * 1024 * 1024;

export interface CheckedOperation {
  readonly query: string;
  readonly operationName: string | undefined;
  readonly variables: VariableValues | undefined;
}

export class OperationChecks {
  readonly #config: LimitsConfig;
  readonly #bounds: AnalysisBounds;
  readonly #logger: Logger;
  readonly #analyses = new LRUCache<string, DocumentAnalysis>({ maxSize: CACHE_BYTES, sizeCalculation: (analysis) => analysis.size });
  #costModel: CostModel | undefined;

  constructor(config: LimitsConfig, bounds: AnalysisBounds, logger: Logger) {
    this.#config = config;
    this.#bounds = bounds;
    this.#logger = logger;
  }

  /** Costs are compiled against this supergraph's API schema and its @cost/@listSize from now on. */
  useSupergraph(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const { cost } = this.#config;
    let directives = NO_COST_DIRECTIVES;
    try {
      directives = readCostDirectives(supergraphSdl);
    } catch (error) {
      // The gateway already accepted this supergraph; costs fall back to the defaults rather than stop it.
      this.#logger.error({ err: (error as Error).message }, 'cannot read @cost/@listSize from the supergraph; costs use the defaults');
    }
    this.#costModel = { schema: apiSchema, directives, defaultListSize: cost.list_size, mutationCost: cost.mutation_cost };
    this.#analyses.clear();
  }

  /** The document's analysis: made on first sight, then taken from the cache until the supergraph changes. */
  documentAnalysis(query: string): DocumentAnalysis {
    let analysis = this.#analyses.get(query);
    if (!analysis) {
      analysis = analyzeDocument(query, this.#bounds, this.#costModel);
      this.#analyses.set(query, analysis);
    }
    return analysis;
  }

  #analysisOf(operation: CheckedOperation): OperationAnalysis | undefined {
    return this.documentAnalysis(operation.query).operation(operation.operationName);
  }

  /** Throws the first limit the operation exceeds; returns its estimated cost (undefined when unknown). */
  check(operation: CheckedOperation, limits: PrincipalLimits): number | undefined {
    const bytes = measureBytes(operation.query);
    if (limits.max_bytes > 0 && bytes > limits.max_bytes) throw limitExceeded(MaxBytesRule, bytes, limits.max_bytes);
    const analysis = this.#analysisOf(operation);
    if (!analysis) return undefined;
    const exceeded = firstExceededLimit(analysis.measurements, limits);
    if (exceeded) throw exceeded;
    // Demand control acts only with a ceiling: without `max_cost` the cost is estimated, never a reason to refuse.
    const controlled = limits.max_cost > 0;
    const enforce = controlled && this.#config.cost.mode === 'enforce';
    let cost: number | undefined;
    try {
      cost = this.#costOf(analysis, operation);
    } catch (error) {
      if (!(error instanceof SlicingArgumentError)) throw error;
      if (!controlled) return undefined;
      if (enforce) {
        throw slicingArgumentRequired(`${error.message}.`, {
          details: { field: error.coordinate, slicingArguments: error.slicingArguments, given: error.given },
        });
      }
      this.#logger.warn({ operationName: operation.operationName, field: error.coordinate }, `would refuse: ${error.message}`);
      return undefined;
    }
    if (cost !== undefined && controlled && cost > limits.max_cost) {
      if (enforce) throw limitExceeded(MaxCostRule, cost, limits.max_cost);
      this.#logger.warn(
        { operationName: operation.operationName, cost, maxCost: limits.max_cost },
        'estimated cost over max_cost (measure mode: served)',
      );
    }
    return cost;
  }

  /** For explain: each limit's measured value beside the principal's limit, and the cost estimate. */
  explain(operation: CheckedOperation, limits: PrincipalLimits): { limits: ExplainedLimit[]; cost: ExplainedCost } {
    const measured = (limit: string, value: number, max: number): ExplainedLimit => ({
      limit,
      measured: value,
      max,
      exceeded: max > 0 && value > max,
    });
    const explained = [measured('max_bytes', measureBytes(operation.query), limits.max_bytes)];
    const analysis = this.#analysisOf(operation);
    for (const rule of SHAPE_RULES) {
      const value = analysis?.measurements[rule.limit as keyof typeof analysis.measurements];
      if (value !== undefined) explained.push(measured(rule.limit, value, limits[rule.limit]));
    }
    const estimate = this.costOf(operation);
    return {
      limits: explained,
      cost: { estimate, max: limits.max_cost, mode: this.#config.cost.mode, topFields: this.#topFields(operation, estimate) },
    };
  }

  #topFields(operation: CheckedOperation, estimate: number | undefined): CostContribution[] {
    if (!this.#costModel || estimate === undefined) return [];
    let document: DocumentNode;
    try {
      document = parse(operation.query, { noLocation: true, maxLexicalTokens: this.#bounds.maxTokens });
    } catch {
      return [];
    }
    return costContributions(this.#costModel, document, operation.operationName, operation.variables ?? {});
  }

  /** The estimated cost of an operation, for its budget; undefined when it cannot be estimated. */
  costOf(operation: CheckedOperation): number | undefined {
    const analysis = this.#analysisOf(operation);
    if (!analysis) return undefined;
    try {
      return this.#costOf(analysis, operation);
    } catch (error) {
      if (error instanceof SlicingArgumentError) return undefined;
      throw error;
    }
  }

  #costOf(analysis: OperationAnalysis, operation: CheckedOperation): number | undefined {
    return analysis.cost === undefined ? undefined : evaluate(analysis.cost, operation.variables ?? {});
  }
}
