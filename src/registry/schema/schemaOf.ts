// GraphQL schemas to diff: a subgraph's own schema (with federation's directives understood) and the
// API schema clients see through the gateway, built once per distinct SDL.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import { apiSchemaOf } from '../../supergraph/index.ts';

const CACHE_SIZE = 32;
const apiSchemas = new Map<string, GraphQLSchema>();

/** The supergraph's API schema (no join__ machinery, no inaccessible elements); cached by the SDL's hash. */
export function cachedApiSchemaOf(supergraphSdl: string, supergraphHash: string): GraphQLSchema {
  const cached = apiSchemas.get(supergraphHash);
  if (cached) return cached;
  const schema = apiSchemaOf(supergraphSdl);
  if (apiSchemas.size >= CACHE_SIZE) apiSchemas.delete(apiSchemas.keys().next().value as string);
  apiSchemas.set(supergraphHash, schema);
  return schema;
}

/** The subgraph's schema as its server builds it, or undefined when the SDL does not build. */
export function subgraphSchemaOf(sdl: string): GraphQLSchema | undefined {
  try {
    return buildSubgraphSchema(parse(sdl));
  } catch {
    // Composition reports why an SDL is invalid, with codes; the diff is then simply not available.
    return undefined;
  }
}
