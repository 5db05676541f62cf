// /api/v1/supergraph: the latest supergraph (with an ETag gateways poll with), history, diff, rollback.
import type { FastifyInstance } from 'fastify';
import { diffQuery, pageQuery, rollbackBody, versionParams } from './apiSchemas.ts';
import { requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';
import type { RegistryScope } from './registryScope.ts';

/** Whether an If-None-Match header (`"a", W/"b"` or `*`) matches the current ETag. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === etag || candidate === '*');
}

export function registerSupergraphRoutes(app: FastifyInstance, scope: RegistryScope): void {
  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/supergraph`,
    async handler({ principal, request, reply }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      const latest = await registry.latestSupergraph();
      const etag = `"${latest.supergraphHash}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache').header('x-gatehouse-supergraph-version', String(latest.version));
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send();
      return latest;
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/supergraph/versions`,
    query: pageQuery,
    async handler({ principal, query, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return { versions: await registry.history({ limit: query.limit, ...(query.before ? { before: query.before } : {}) }) };
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/supergraph/versions/:version`,
    params: versionParams,
    async handler({ principal, params, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return registry.supergraphVersion(params.version);
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/supergraph/diff`,
    query: diffQuery,
    async handler({ principal, query, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      return registry.diff(query.from, query.to);
    },
  });

  registryRoute(app, {
    method: 'POST',
    url: `${scope.base}/supergraph/rollback`,
    body: rollbackBody,
    async handler({ principal, body, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'rollback', undefined, (refusal) =>
        registry.auditRejected({ actor: refusal.principal.actor, action: 'supergraph.rollback', subgraph: null, reason: 'FORBIDDEN' }),
      );
      return registry.rollback({ version: body.version, actor: principal.actor });
    },
  });
}
