export { BoundedCache } from './boundedCache.ts';
export { type ApolloServerAssembly, type AssembledGateway, createApolloServer, turnOffApolloDataCollection } from './createApolloServer.ts';
export { formatClientError, REDACTED_SUBGRAPH_ERROR } from './maskSubgraphErrors.ts';
