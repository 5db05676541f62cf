// The supergraph's demand-control directives (`@cost`, `@listSize` of https://specs.apollo.dev/cost,
// composed from the subgraphs since federation 2.9), read through the supergraph's own `@link`, so a
// renamed import is still found. Keyed by schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`.
import { COST_VERSIONS, costIdentity, type NamedSchemaElement, Supergraph } from '@apollo/federation-internals';

export interface ListSize {
  assumedSize: number | undefined;
  slicingArguments: readonly string[];
  sizedFields: readonly string[];
  requireOneSlicingArgument: boolean;
}

export interface CostDirectives {
  /** `@cost(weight:)` on a type, field, argument or input field. */
  readonly weights: ReadonlyMap<string, number>;
  /** `@listSize` on a field. */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

export const NO_COST_DIRECTIVES: CostDirectives = { weights: new Map(), listSizes: new Map() };

function coordinateOf(element: unknown): string {
  return (element as NamedSchemaElement<never, never, never>).coordinate;
}

export function readCostDirectives(supergraphSdl: string): CostDirectives {
  const { schema } = Supergraph.build(supergraphSdl, { validateSupergraph: false });
  const feature = schema.coreFeatures?.getByIdentity(costIdentity);
  const spec = feature ? COST_VERSIONS.find(feature.url.version) : undefined;
  if (!spec) return NO_COST_DIRECTIVES;
  const weights = new Map<string, number>();
  for (const application of spec.costDirective(schema)?.applications() ?? []) {
    weights.set(coordinateOf(application.parent), application.arguments().weight);
  }
  const listSizes = new Map<string, ListSize>();
  for (const application of spec.listSizeDirective(schema)?.applications() ?? []) {
    const { assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument } = application.arguments();
    listSizes.set(coordinateOf(application.parent), {
      assumedSize: assumedSize ?? undefined,
      slicingArguments: slicingArguments ?? [],
      sizedFields: sizedFields ?? [],
      requireOneSlicingArgument: requireOneSlicingArgument ?? true,
    });
  }
  return { weights, listSizes };
}
