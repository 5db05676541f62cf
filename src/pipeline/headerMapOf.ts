// A fastify request's headers in the shape Apollo Server reads, for every path that hands a request to Apollo
// (the GraphQL route, and a subscription's start).
import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';

export function headerMapOf(request: FastifyRequest): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
