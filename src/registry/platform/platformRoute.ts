// POST /api/graphql: the platform API rover sends its operations to (APOLLO_REGISTRY_URL). The key comes
// in `x-api-key` (rover sends APOLLO_KEY there) or as a bearer token, and maps onto the registry's tokens.
// Every GraphQL answer is HTTP 200: rover retries any other status and then reports an unexpected error,
// so a refused key is a null graph and a refused write is an error in the result, never a 401 or 403.
import type { FastifyInstance } from 'fastify';
import { type DocumentNode, execute, type GraphQLError, getOperationAST, parse, validate } from 'graphql';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Logger } from '../../observability/index.ts';
import type { TokenVerifier } from '../access/registryPrincipal.ts';
import type { RegistryGraphs } from '../service/registryGraphs.ts';
import { CheckWorkflows } from './checkWorkflows.ts';
import type { PlatformContext } from './platformContext.ts';
import { formatPlatformError } from './platformErrors.ts';
import { mutationRoot } from './platformMutations.ts';
import { queryRoot } from './platformQueries.ts';
import { platformSchema } from './platformSchema.ts';

export const PLATFORM_PATH = '/api/graphql';

const graphqlRequest = z.object({
  query: z.string().min(1).max(100_000),
  operationName: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface PlatformRouteOptions {
  graphs: RegistryGraphs;
  verifier: TokenVerifier;
  logger: Logger;
}

export function registerPlatformRoute(app: FastifyInstance, options: PlatformRouteOptions): void {
  const checks = new CheckWorkflows(options.graphs.store);
  // rover sends the same dozen documents over and over: each is parsed and validated once. Bounded in
  // bytes too, so that large junk documents cannot grow it.
  const documents = new LRUCache<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>({
    max: 256,
    maxSize: 2 * 1024 * 1024,
    sizeCalculation: (_prepared, query) => query.length,
  });
  const prepare = (query: string) => {
    let prepared = documents.get(query);
    if (!prepared) {
      try {
        const document = parse(query);
        const errors = validate(platformSchema, document);
        prepared = errors.length > 0 ? { errors } : { document };
      } catch (error) {
        prepared = { errors: [error as GraphQLError] };
      }
      documents.set(query, prepared);
    }
    return prepared;
  };

  app.post(PLATFORM_PATH, async (request, reply) => {
    const body = graphqlRequest.safeParse(request.body);
    if (!body.success) {
      reply.status(400);
      return { errors: [{ message: 'send a JSON body { query, variables?, operationName? }', extensions: { code: 'BAD_REQUEST' } }] };
    }
    const prepared = prepare(body.data.query);
    if ('errors' in prepared) return { errors: prepared.errors.map((error) => error.toJSON()) };

    const header = request.headers['x-api-key'];
    const key = (typeof header === 'string' ? header : undefined) ?? BEARER.exec(request.headers.authorization ?? '')?.[1];
    const context: PlatformContext = {
      principal: key ? await options.verifier.verify(key) : undefined,
      graphs: options.graphs,
      checks,
      frontendUrlRoot: `${request.protocol}://${request.host}`,
    };
    const operationName = body.data.operationName ?? undefined;
    const operation = getOperationAST(prepared.document, operationName);
    const result = await execute({
      schema: platformSchema,
      document: prepared.document,
      rootValue: operation?.operation === 'mutation' ? mutationRoot(context) : queryRoot(context),
      contextValue: context,
      variableValues: body.data.variables ?? undefined,
      operationName,
    });
    if (!result.errors) return { data: result.data };
    return { data: result.data, errors: result.errors.map((error) => formatPlatformError(error, options.logger)) };
  });
}
