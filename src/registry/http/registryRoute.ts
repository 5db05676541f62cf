// A registry route: zod schemas for its params, query and body (parsed before the handler runs, so no
// handler sees unvalidated input), the principal authentication found, and typed input for the handler.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { RegistryPrincipal } from '../access/registryPrincipal.ts';
import { badRequest } from '../registryErrors.ts';
import { principalOf } from './authenticateRequest.ts';

/** One line per problem, naming where: `body.routingUrl: Invalid URL`. */
function describeIssues(part: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [part, ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') return `${path}: unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** fastify's validator compiler for zod schemas; the parsed (defaulted, coerced) value replaces the input. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'input');
    return { error: badRequest(describeIssues(part, result.error)) };
  };
};

const EMPTY = z.object({});

export interface RouteInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  principal: RegistryPrincipal;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RegistryRouteSpec<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  params?: Params;
  query?: Query;
  body?: Body;
  handler(input: RouteInput<z.output<Params>, z.output<Query>, z.output<Body>>): Promise<unknown>;
}

export function registryRoute<
  Params extends z.ZodType = typeof EMPTY,
  Query extends z.ZodType = typeof EMPTY,
  Body extends z.ZodType = z.ZodUndefined,
>(app: FastifyInstance, spec: RegistryRouteSpec<Params, Query, Body>): void {
  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      params: spec.params ?? EMPTY,
      querystring: spec.query ?? EMPTY,
      ...(spec.body ? { body: spec.body } : {}),
    },
    handler: (request, reply) =>
      spec.handler({
        params: request.params as z.output<Params>,
        query: request.query as z.output<Query>,
        body: request.body as z.output<Body>,
        principal: principalOf(request),
        request,
        reply,
      }),
  });
}
