// Everything the limits know about a document, measured once and cached: its tokens and nesting before
// parsing, then for each operation in it the shape measures and the compiled cost. A measure that
// guards the walks after it (tokens, nesting, selections) stops the analysis when it exceeds the
// highest limit any principal has: every principal is refused there, and nothing after it runs.
import { type DocumentNode, getOperationAST, parse } from 'graphql';
import { type CostModel, compileOperationCost } from './cost/compileOperationCost.ts';
import type { Amount } from './cost/costAmount.ts';
import { expandOperation, isFragmentProblem } from './expandOperation.ts';
import type { LimitName } from './limitRule.ts';
import { measureAliases } from './MaxAliasesRule.ts';
import { measureDepth } from './MaxDepthRule.ts';
import { measureDirectives } from './MaxDirectivesRule.ts';
import { measureHeight } from './MaxHeightRule.ts';
import { measureSelectionNesting } from './MaxNestingRule.ts';
import { measureRootFields } from './MaxRootFieldsRule.ts';
import { measureSelections } from './MaxSelectionsRule.ts';
import { scanDocument } from './scanDocument.ts';

/** The highest limits of any principal on the measures that guard the analysis, and what depth ignores. */
export interface AnalysisBounds {
  readonly maxTokens: number;
  readonly maxNesting: number;
  readonly maxSelections: number;
  readonly depthIgnore: ReadonlySet<string>;
}

export type Measurements = Partial<Record<Exclude<LimitName, 'max_bytes' | 'max_cost'>, number>>;

export interface OperationAnalysis {
  readonly measurements: Measurements;
  /** The estimated cost, as a function of the variables; undefined when the analysis stopped early or no schema is loaded. */
  readonly cost: Amount | undefined;
}

export interface DocumentAnalysis {
  /** Roughly how many bytes the analysis holds, with the document's text (for the cache's bound). */
  readonly size: number;
  /**
   * The analysis of the operation a request names; undefined when GraphQL itself will refuse the request
   * (a syntax error, no such operation, an unknown fragment or a fragment cycle) and reports it better.
   */
  operation(operationName: string | undefined): OperationAnalysis | undefined;
}

/** A parsed document's AST takes about this many bytes per token. */
const AST_BYTES_PER_TOKEN = 150;

export function analyzeDocument(source: string, bounds: AnalysisBounds, costModel: CostModel | undefined): DocumentAnalysis {
  const textSize = 2 * source.length; // the cache keeps the text as its key, in UTF-16
  const scan = scanDocument(source, bounds.maxTokens);
  const lexical: Measurements = { max_tokens: scan.tokens, max_nesting: scan.nesting };
  const stopped: OperationAnalysis = { measurements: lexical, cost: undefined };
  if (scan.tokens > bounds.maxTokens || scan.nesting > bounds.maxNesting) return { size: textSize, operation: () => stopped };
  if (scan.malformed) return { size: textSize, operation: () => undefined };
  let document: DocumentNode;
  try {
    document = parse(source, { noLocation: true, maxLexicalTokens: bounds.maxTokens });
  } catch {
    return { size: textSize, operation: () => undefined };
  }
  const operations = new Map<string | undefined, OperationAnalysis | undefined>();
  return {
    size: textSize + scan.tokens * AST_BYTES_PER_TOKEN,
    operation(operationName) {
      if (operations.has(operationName)) return operations.get(operationName);
      const operation = getOperationAST(document, operationName);
      if (!operation) return undefined; // not cached: the name is the client's, not the document's
      const analysis = analyzeOperation(document, operation, lexical, bounds, costModel);
      operations.set(operationName, analysis);
      return analysis;
    },
  };
}

function analyzeOperation(
  document: DocumentNode,
  operation: NonNullable<ReturnType<typeof getOperationAST>>,
  lexical: Measurements,
  bounds: AnalysisBounds,
  costModel: CostModel | undefined,
): OperationAnalysis | undefined {
  const expanded = expandOperation(document, operation);
  if (isFragmentProblem(expanded)) return undefined;
  const nesting = Math.max(lexical.max_nesting ?? 0, measureSelectionNesting(expanded));
  const measurements: Measurements = { ...lexical, max_nesting: nesting };
  if (nesting > bounds.maxNesting) return { measurements, cost: undefined };
  measurements.max_selections = measureSelections(expanded);
  if (measurements.max_selections > bounds.maxSelections) return { measurements, cost: undefined };
  measurements.max_depth = measureDepth(expanded, bounds.depthIgnore);
  measurements.max_height = measureHeight(expanded);
  measurements.max_aliases = measureAliases(expanded);
  measurements.max_root_fields = measureRootFields(expanded);
  measurements.max_directives = measureDirectives(expanded);
  return { measurements, cost: costModel ? compileOperationCost(costModel, expanded) : undefined };
}
