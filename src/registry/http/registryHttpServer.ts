// The registry's HTTP API on fastify: bearer-token authentication before anything else, zod-validated
// inputs, and every failure as `{ error: { code, message, … } }` with its status (never a stack trace).
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../../observability/index.ts';
import { refuseOversizedBeforeContinue } from '../../web/index.ts';
import type { TokenVerifier } from '../access/registryPrincipal.ts';
import { registerConsoleRoutes } from '../console/consoleRoutes.ts';
import { CheckWorkflows } from '../platform/checkWorkflows.ts';
import { registerPlatformRoute } from '../platform/index.ts';
import { badRequest, internalError, payloadTooLarge, RegistryError, routeNotFound } from '../registryErrors.ts';
import type { Registry } from '../service/registry.ts';
import { RegistryGraphs } from '../service/registryGraphs.ts';
import { registerAdminRoutes } from './adminRoutes.ts';
import { authenticateRequest } from './authenticateRequest.ts';
import { registerCheckRoutes } from './checkRoutes.ts';
import { registerOverviewRoutes } from './overviewRoutes.ts';
import { zodValidatorCompiler } from './registryRoute.ts';
import { defaultScope, graphRefScope } from './registryScope.ts';
import { registerSubgraphRoutes } from './subgraphRoutes.ts';
import { registerSupergraphRoutes } from './supergraphRoutes.ts';
import { registerUsageRoutes } from './usageRoutes.ts';

export interface RegistryHttpServerOptions {
  registry: Registry;
  verifier: TokenVerifier;
  bodyLimit: number;
  logger: Logger;
}

/** The answer to a body over the limit, whether fastify refused it or it was refused before it was sent. */
function bodyTooLarge(bodyLimit: number): RegistryError {
  return payloadTooLarge(`the body is larger than the registry accepts (the limit is ${bodyLimit} bytes)`);
}

/** fastify's own errors (bad JSON, body too large, wrong content type) as registry errors. */
function asRegistryError(error: FastifyError | RegistryError, bodyLimit: number): RegistryError {
  if (error instanceof RegistryError) return error;
  if (error.statusCode === 413) return bodyTooLarge(bodyLimit);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return badRequest(error.message);
  return internalError('the registry failed to handle the request; see its log');
}

export async function createRegistryHttpServer(options: RegistryHttpServerOptions): Promise<FastifyInstance> {
  const { registry, logger } = options;
  const app = Fastify({ bodyLimit: options.bodyLimit, logger: false, return503OnClosing: true });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler((error: FastifyError | RegistryError, request, reply) => {
    const registryError = asRegistryError(error, options.bodyLimit);
    if (registryError.statusCode >= 500) logger.error({ err: error, url: request.url }, 'registry request failed');
    void reply.status(registryError.statusCode).send(registryError.toJSON());
  });
  refuseOversizedBeforeContinue(app, options.bodyLimit, () => bodyTooLarge(options.bodyLimit).toJSON());
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(routeNotFound(`no route ${request.method} ${request.url.split('?')[0]}`).toJSON());
  });

  app.get('/health', async () => ({ status: 'ok' }));
  registerConsoleRoutes(app);
  const graphs = new RegistryGraphs(registry);
  const checks = new CheckWorkflows(registry.store);
  // rover's GraphQL endpoint authenticates by `x-api-key` itself, so it sits outside the bearer-token scope.
  registerPlatformRoute(app, { graphs, verifier: options.verifier, logger });
  await app.register(async (api) => {
    api.addHook('onRequest', authenticateRequest(options.verifier));
    const byDefault = defaultScope(registry);
    registerSupergraphRoutes(api, byDefault);
    registerSubgraphRoutes(api, byDefault, checks);
    registerUsageRoutes(api, byDefault);
    registerCheckRoutes(api, byDefault);
    registerAdminRoutes(api, registry);
    registerOverviewRoutes(api, registry);
    await api.register(async (refScoped) => {
      const byRef = graphRefScope(refScoped, graphs);
      registerSupergraphRoutes(refScoped, byRef);
      registerSubgraphRoutes(refScoped, byRef, checks);
      registerUsageRoutes(refScoped, byRef);
      registerCheckRoutes(refScoped, byRef);
    });
  });
  return app;
}
