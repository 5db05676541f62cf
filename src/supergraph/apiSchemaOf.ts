// The API schema clients see through a supergraph (no join__ machinery, no inaccessible elements), for
// code that reads a supergraph rather than serves it: any feature is accepted, @authenticated,
// @requiresScopes and @policy (`for: SECURITY`) included; whether a gateway can enforce them is its own check.
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}
