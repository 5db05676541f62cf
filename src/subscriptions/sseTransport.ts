// GraphQL over Server-Sent Events (the graphql-sse protocol, distinct-connections mode) at the GraphQL
// path: a request that accepts `text/event-stream` gets its operation's results as events. The token is
// the request's own Authorization header.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/fastify';
import { operationRequest } from './operationRequest.ts';
import type { SubscriptionService } from './subscriptionService.ts';

export type SseHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function graphqlSseHandler(service: () => SubscriptionService): SseHandler {
  return createHandler({
    // No stream reservations (the single-connection mode): each stream carries one operation.
    authenticate: () => null,
    async onSubscribe(request, params) {
      const opened = await service().open(operationRequest(request.raw, params), params, 'sse');
      if (opened.kind === 'stream') return opened.stream as AsyncGenerator<ExecutionResult>;
      if (opened.kind === 'result') return opened.result as ExecutionResult;
      // Refused before it started: with its HTTP status when it has one, else as the stream's one result.
      if (opened.status === 200) return { errors: opened.errors } as ExecutionResult;
      return [
        JSON.stringify({ errors: opened.errors }),
        { status: opened.status, statusText: '', headers: { 'content-type': 'application/json; charset=utf-8' } },
      ];
    },
  });
}
