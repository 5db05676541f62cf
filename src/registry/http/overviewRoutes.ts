// /api/v1/whoami and /api/v1/graphs: what the console asks first — whose token this is (so it shows
// only what the role may do) and which graphs and variants the registry holds.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../service/registry.ts';
import { requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';

export function registerOverviewRoutes(app: FastifyInstance, registry: Registry): void {
  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/whoami',
    async handler({ principal }) {
      return { role: principal.role, subgraph: principal.subgraph, actor: principal.actor };
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/graphs',
    async handler({ principal }) {
      await requirePermission(principal, 'read');
      return { defaultGraphRef: registry.describeRef(), graphs: await registry.store.publishedGraphs() };
    },
  });
}
