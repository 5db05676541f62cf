// /api/v1/tokens and /api/v1/audit-log: the admin's routes.
import type { FastifyInstance } from 'fastify';
import { createToken, listTokens, revokeToken } from '../access/tokenAdministration.ts';
import type { Registry } from '../service/registry.ts';
import { pageQuery, tokenBody, tokenParams } from './apiSchemas.ts';
import { type PermissionRefusal, requirePermission } from './authenticateRequest.ts';
import { registryRoute } from './registryRoute.ts';

export function registerAdminRoutes(app: FastifyInstance, registry: Registry): void {
  const { store } = registry;
  const auditRefusal = (action: string) => (refusal: PermissionRefusal) =>
    registry.auditRejected({ actor: refusal.principal.actor, action, subgraph: null, reason: 'FORBIDDEN' });

  registryRoute(app, {
    method: 'POST',
    url: '/api/v1/tokens',
    body: tokenBody,
    async handler({ principal, body, reply }) {
      await requirePermission(principal, 'manage_tokens', undefined, auditRefusal('token.create'));
      reply.status(201);
      return createToken(store, { ...body, actor: principal.actor });
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/tokens',
    async handler({ principal }) {
      await requirePermission(principal, 'manage_tokens');
      return { tokens: await listTokens(store) };
    },
  });

  registryRoute(app, {
    method: 'DELETE',
    url: '/api/v1/tokens/:id',
    params: tokenParams,
    async handler({ principal, params }) {
      await requirePermission(principal, 'manage_tokens', undefined, auditRefusal('token.revoke'));
      await revokeToken(store, { id: params.id, actor: principal.actor });
      return { revoked: params.id };
    },
  });

  registryRoute(app, {
    method: 'GET',
    url: '/api/v1/audit-log',
    query: pageQuery,
    async handler({ principal, query }) {
      await requirePermission(principal, 'read_audit_log');
      return { entries: await store.auditLog({ limit: query.limit, ...(query.before ? { before: query.before } : {}) }) };
    },
  });
}
