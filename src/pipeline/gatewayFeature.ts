// The contract every optional part of the gateway implements (authentication, authorization, limits,
// metrics, …): it declares the hooks it uses, and the assembly wires them in order. The core knows
// nothing about any one feature.
import type { QueryPlan } from '@apollo/query-planner';
import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import type { WebsocketHandler } from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { GatehouseContext } from './context.ts';

/** The gateway interface of the @apollo/server we run. */
export type GatewayInterface = ApolloServerOptionsWithGateway<GatehouseContext>['gateway'];

export interface GatewayFeature {
  /** For logs and errors. */
  name: string;
  /** Fastify hooks and routes (e.g. `/metrics`), registered before the GraphQL route. */
  registerRoutes?(app: FastifyInstance): void | Promise<void>;
  /** Adds this feature's fields to the request's context; may throw a GraphQLError with an HTTP status. */
  extendContext?(request: FastifyRequest, context: GatehouseContext): Promise<void> | void;
  /** Apollo Server plugins: the request pipeline's named hooks. */
  plugins?: ApolloServerPlugin<GatehouseContext>[];
  /** Validation rules, run once per distinct document (Apollo caches validation). */
  validationRules?: ValidationRule[];
  /** Options for graphql-js's parser (e.g. `maxTokens`), merged across features. */
  parseOptions?: ParseOptions;
  /** Apollo Server options a feature owns: batching, and the persisted-query (APQ) store. */
  apolloServerOptions?: Pick<ApolloServerOptionsWithGateway<GatehouseContext>, 'allowBatchedHttpRequests' | 'persistedQueries'>;
  /** Sees the query plan of each operation the gateway executes (planned or from its cache). */
  didResolveQueryPlan?(plan: QueryPlan, context: GatehouseContext): void;
  /** Wraps the gateway, e.g. to rewrite an operation before it is planned. The first feature's wrapper is the innermost. */
  wrapGateway?(gateway: GatewayInterface): GatewayInterface;
  /** Wraps @apollo/gateway itself, beneath every feature's wrapGateway: to execute what it cannot (subscription events). */
  wrapBaseGateway?(gateway: GatewayInterface): GatewayInterface;
  /** Serves WebSocket connections upgraded at the GraphQL path (registered with @fastify/websocket by registerRoutes). */
  graphqlWebSocket?: WebsocketHandler;
  /** Releases what the feature holds (connections, timers), after the server stopped. */
  close?(): Promise<void>;
}
