// /api/v1/subgraphs: publish, check, list, fetch, history and delete.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../service/registry.ts';
import { checkBody, deleteQuery, pageQuery, publishBody, subgraphParams } from './apiSchemas.ts';
import { type PermissionRefusal, requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';

export function registerSubgraphRoutes(app: FastifyInstance, registry: Registry): void {
  const auditRefusal = (action: string) => (refusal: PermissionRefusal) =>
    registry.auditRejected({ actor: refusal.principal.actor, action, subgraph: refusal.subgraph ?? null, reason: 'FORBIDDEN' });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/subgraphs',
    async handler({ principal }) {
      await requirePermission(principal, 'read');
      return { subgraphs: await registry.subgraphs() };
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/subgraphs/:name',
    params: subgraphParams,
    async handler({ principal, params }) {
      await requirePermission(principal, 'read');
      return registry.subgraph(params.name);
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/subgraphs/:name/versions',
    params: subgraphParams,
    query: pageQuery.pick({ limit: true }),
    async handler({ principal, params, query }) {
      await requirePermission(principal, 'read');
      return { versions: await registry.subgraphHistory(params.name, query.limit) };
    },
  });

  registryRoute(app, {
    method: 'POST',
    url: '/api/v1/subgraphs/:name/publish',
    params: subgraphParams,
    body: publishBody,
    async handler({ principal, params, body }) {
      await requirePermission(principal, 'publish', params.name, auditRefusal('subgraph.publish'));
      return registry.publish({ subgraph: params.name, sdl: body.schema, routingUrl: body.routingUrl, actor: principal.actor });
    },
  });

  registryRoute(app, {
    method: 'POST',
    url: '/api/v1/subgraphs/:name/check',
    params: subgraphParams,
    body: checkBody,
    async handler({ principal, params, body }) {
      await requirePermission(principal, 'check', params.name);
      return registry.check({
        subgraph: params.name,
        sdl: body.schema,
        routingUrl: body.routingUrl,
        allowBreakingChanges: body.allowBreakingChanges,
      });
    },
  });

  registryRoute(app, {
    method: 'DELETE',
    url: '/api/v1/subgraphs/:name',
    params: subgraphParams,
    query: deleteQuery,
    async handler({ principal, params, query }) {
      await requirePermission(principal, 'delete', params.name, auditRefusal('subgraph.delete'));
      return registry.deleteSubgraph({ subgraph: params.name, actor: principal.actor, dryRun: query.dryRun });
    },
  });
}
