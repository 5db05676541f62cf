// The demo's `shipping` subgraph: a team's new service, running but not part of the example graph until
// the README's tour publishes its schema to the demo registry (and rolls it back).
import { createServer } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { closeServer, listen } from '../subgraphs/startExampleSubgraphs.ts';

/** Its schema, as the README's tour publishes it. */
export const SHIPPING_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

type Product @key(fields: "upc") {
  upc: String!
  "Working days from order to delivery."
  deliveryDays: Int
}
`;

export interface RunningShippingSubgraph {
  url: string;
  close(): Promise<void>;
}

export async function startShippingSubgraph(port: number, host = '127.0.0.1'): Promise<RunningShippingSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(SHIPPING_SDL),
    resolvers: {
      Product: {
        __resolveReference: (product: { upc: string }) => product,
        deliveryDays: (product: { upc: string }) => 1 + (Number.parseInt(product.upc, 10) % 3),
      },
    },
  });
  const handler = createHandler({ schema });
  const server = createServer((request, response) => {
    if (!request.url?.startsWith('/graphql')) return void response.writeHead(404).end();
    return handler(request, response);
  });
  const bound = await listen(server, port, host);
  return { url: `http://${host}:${bound}/graphql`, close: () => closeServer(server) };
}
