// A small subgraph whose server already resolves more than its first published schema declares, so a
// later publish can add a field that the gateway then serves without any restart.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { FEDERATION_LINK } from './schemas.ts';

export const greetingsV1 = `${FEDERATION_LINK}\n\ntype Query {\n  greeting: String\n}\n`;
export const greetingsV2 = `${FEDERATION_LINK}\n\ntype Query {\n  greeting: String\n  farewell: String\n}\n`;

export async function startGreetingsSubgraph(): Promise<{ url: string; close(): Promise<void> }> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(greetingsV2),
    resolvers: { Query: { greeting: () => 'hello', farewell: () => 'goodbye' } },
  });
  const handler = createHandler({ schema });
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
