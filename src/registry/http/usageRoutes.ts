// /api/v1/usage: gateways report the schema coordinates their operations used.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../service/registry.ts';
import { usageReportSchema } from '../usage/usageReport.ts';
import { requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';

export function registerUsageRoutes(app: FastifyInstance, registry: Registry): void {
  registryRoute(app, {
    method: 'POST',
    url: '/api/v1/usage',
    body: usageReportSchema,
    async handler({ principal, body, reply }) {
      await requirePermission(principal, 'report_usage');
      await registry.recordUsage(body.operations);
      reply.status(202);
      return { accepted: body.operations.length };
    },
  });
}
