// The request one operation of a long-lived connection is seen as by the features that build its
// context (authentication reads its Authorization header, limits read its body): the connection's own
// request, with the operation as a POST body and, for graphql-ws, the token from `connection_init`.
import type { FastifyRequest } from 'fastify';
import type { OperationParams } from './subscriptionService.ts';

export function operationRequest(request: FastifyRequest, params: OperationParams, authorization?: string): FastifyRequest {
  const headers = authorization === undefined ? request.headers : { ...request.headers, authorization };
  return Object.create(request, {
    method: { value: 'POST' },
    body: { value: params },
    headers: { value: headers },
  }) as FastifyRequest;
}
