// /api/v1/checks/:id: a check rover submitted through the platform API, as the registry ran it — the link
// rover prints for a check (`View full details at …`).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkNotFound } from '../registryErrors.ts';
import { requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';
import type { RegistryScope } from './registryScope.ts';

const checkParams = z.strictObject({ id: z.uuid('a check id is a UUID') });

export function registerCheckRoutes(app: FastifyInstance, scope: RegistryScope): void {
  registryRoute(app, {
    method: 'GET',
    url: `${scope.base}/checks/:id`,
    params: checkParams,
    async handler({ principal, params, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'read');
      const kept = await registry.store.checkWorkflow(params.id);
      if (!kept || kept.graph !== registry.ref.graph || kept.variant !== registry.ref.variant) {
        throw checkNotFound(`${registry.describeRef()} has no check ${params.id}`);
      }
      return { id: params.id, graphRef: registry.describeRef(), result: kept.result };
    },
  });
}
