// /api/v1/usage: gateways report the schema coordinates their operations used.
import type { FastifyInstance } from 'fastify';
import { usageReportSchema } from '../usage/usageReport.ts';
import { requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';
import type { RegistryScope } from './registryScope.ts';

export function registerUsageRoutes(app: FastifyInstance, scope: RegistryScope): void {
  registryRoute(app, {
    method: 'POST',
    url: `${scope.base}/usage`,
    body: usageReportSchema,
    async handler({ principal, body, reply, request }) {
      const registry = await scope.registryOf(request);
      await requirePermission(principal, 'report_usage');
      await registry.recordUsage(body.operations);
      reply.status(202);
      return { accepted: body.operations.length };
    },
  });
}
