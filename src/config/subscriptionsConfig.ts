// `subscriptions:` — GraphQL subscriptions through the gateway: graphql-ws (WebSocket) and graphql-sse
// (Server-Sent Events) at the GraphQL path, the bounds that keep one client from holding them all, and
// how each subgraph that owns a subscription field is subscribed to.
import { z } from 'zod';
import { duration } from './duration.ts';

export const subgraphSubscriptionSchema = z.strictObject({
  protocol: z
    .enum(['graphql-ws', 'graphql-sse'])
    .default('graphql-ws')
    .describe('How the gateway subscribes to this subgraph: `graphql-ws` over WebSocket, or `graphql-sse` (Server-Sent Events).'),
  url: z.url().optional().describe("Where to subscribe; by default the subgraph's routing URL (with `ws://`/`wss://` for graphql-ws)."),
});

export const subscriptionsConfigSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Serve subscriptions over WebSocket (graphql-ws) and SSE (graphql-sse) at the GraphQL path.'),
  max_per_connection: z.number().int().positive().default(100).describe('Most subscriptions one WebSocket connection may hold at once.'),
  max_per_principal: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe("Most subscriptions one caller may hold at once: by the token's subject, or by client address when anonymous."),
  max_connections_per_address: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe(
      'Most WebSocket connections and SSE streams open at once from one client address; past it the upgrade or stream is refused with HTTP 429.',
    ),
  max_buffered_events: z
    .number()
    .int()
    .positive()
    .default(100)
    .describe('Events kept for a client that reads slower than they come; past it the oldest is dropped (and counted in /metrics).'),
  connection_init_timeout: duration.prefault('3s').describe("How long a WebSocket may stay open without graphql-ws's `connection_init`."),
  keep_alive: duration
    .prefault('12s')
    .describe(
      'Interval of WebSocket pings; a client that has not answered the previous one by the next is disconnected. 0 turns pings off.',
    ),
  subgraphs: z
    .record(z.string(), subgraphSubscriptionSchema)
    .default({})
    .describe('Per subgraph, by name: how the gateway subscribes to it (graphql-ws at its routing URL unless set).'),
});

export type SubscriptionsConfig = z.output<typeof subscriptionsConfigSchema>;
export type SubgraphSubscriptionConfig = z.output<typeof subgraphSubscriptionSchema>;
