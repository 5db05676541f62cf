// The example graph's API schema and supergraph SDL, for tests that check operations without a gateway.
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { EXAMPLE_SUBGRAPH_NAMES } from '../../../examples/subgraphs/schemas.ts';
import { composeExampleSupergraph } from '../../support/exampleGraph.ts';

export interface ExampleSupergraph {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSdl: string;
}

export function exampleSupergraph(): ExampleSupergraph {
  const urls = Object.fromEntries(EXAMPLE_SUBGRAPH_NAMES.map((name) => [name, `http://${name}.test/graphql`])) as Parameters<
    typeof composeExampleSupergraph
  >[0];
  const supergraphSdl = composeExampleSupergraph(urls);
  return { apiSchema: Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), supergraphSdl };
}
