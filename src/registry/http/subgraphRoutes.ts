// /api/v1/subgraphs: publish, check, list, fetch, history and delete.
import type { FastifyInstance } from 'fastify';
import type { CheckWorkflows } from '../platform/checkWorkflows.ts';
import type { Registry } from '../service/registry.ts';
import { checkBody, deleteQuery, pageQuery, publishBody, subgraphParams } from './apiSchemas.ts';
import { type PermissionRefusal, requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';
import type { RegistryScope } from './registryScope.ts';

export function registerSubgraphRoutes(app: FastifyInstance, scope: RegistryScope, checks: CheckWorkflows): void {
  const auditRefusal = (registry: Registry, action: string) => (refusal: PermissionRefusal) =>
    registry.auditRejected({ actor: refusal.principal.actor, action, subgraph: refusal.subgraph ?? null, reason: 'FORBIDDEN' });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/subgraphs`,
    async handler({ principal, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return { subgraphs: await registry.subgraphs() };
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/subgraphs/:name`,
    params: subgraphParams,
    async handler({ principal, params, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return registry.subgraph(params.name);
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/subgraphs/:name/versions`,
    params: subgraphParams,
    query: pageQuery.pick({ limit: true }),
    async handler({ principal, params, query, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return { versions: await registry.subgraphHistory(params.name, query.limit) };
    },
  });

  registryRoute(app, {
    method: 'POST',
    url: `${scope.base}/subgraphs/:name/publish`,
    params: subgraphParams,
    body: publishBody,
    async handler({ principal, params, body, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'publish', params.name, auditRefusal(registry, 'subgraph.publish'));
      return registry.publish({
        subgraph: params.name,
        sdl: body.schema,
        routingUrl: body.routingUrl,
        actor: principal.actor,
        allowNewlyExposedFields: body.allowNewlyExposedFields,
      });
    },
  });

  registryRoute(app, {
    method: 'POST',
    url: `${scope.base}/subgraphs/:name/check`,
    params: subgraphParams,
    body: checkBody,
    async handler({ principal, params, body, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'check', params.name);
      const result = await registry.check({
        subgraph: params.name,
        sdl: body.schema,
        routingUrl: body.routingUrl,
        allowBreakingChanges: body.allowBreakingChanges,
        allowNewlyExposedFields: body.allowNewlyExposedFields,
      });
      // Kept like rover's checks, so the result has a page: GET …/checks/<checkId>.
      return { ...result, checkId: await checks.record(registry, result) };
    },
  });

  registryRoute(app, {
    method: 'DELETE',
    url: `${scope.base}/subgraphs/:name`,
    params: subgraphParams,
    query: deleteQuery,
    async handler({ principal, params, query, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'delete', params.name, auditRefusal(registry, 'subgraph.delete'));
      return registry.deleteSubgraph({ subgraph: params.name, actor: principal.actor, dryRun: query.dryRun });
    },
  });
}
