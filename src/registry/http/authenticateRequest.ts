// Every /api route needs a bearer token, checked before the body is even read: no token or an unknown
// one is 401 and nothing runs; a known token without the permission is 403 (and, for writes, audited).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAllowed, type RegistryPermission } from '../access/permissions.ts';
import type { RegistryPrincipal, TokenVerifier } from '../access/registryPrincipal.ts';
import { forbidden, unauthenticated } from '../registryErrors.ts';

const principals = new WeakMap<FastifyRequest, RegistryPrincipal>();
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function principalOf(request: FastifyRequest): RegistryPrincipal {
  const principal = principals.get(request);
  if (!principal) throw unauthenticated('this route needs a registry token');
  return principal;
}

/** The onRequest hook: finds the principal or answers 401 with a `WWW-Authenticate` challenge. */
export function authenticateRequest(verifier: TokenVerifier) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      reply.header('www-authenticate', 'Bearer realm="gatehouse-registry"');
      throw unauthenticated('send a registry token as `Authorization: Bearer <token>` (the CLI reads GATEHOUSE_TOKEN or --token)');
    }
    const token = BEARER.exec(header)?.[1];
    const principal = token === undefined ? undefined : await verifier.verify(token);
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="gatehouse-registry", error="invalid_token"');
      throw unauthenticated('the registry token is not valid (unknown, revoked or malformed)');
    }
    principals.set(request, principal);
  };
}

export interface PermissionRefusal {
  principal: RegistryPrincipal;
  permission: RegistryPermission;
  subgraph: string | undefined;
}

/** Throws FORBIDDEN unless the principal may; `onRefused` lets writes be audit-logged. */
export async function requirePermission(
  principal: RegistryPrincipal,
  permission: RegistryPermission,
  subgraph?: string,
  onRefused?: (refusal: PermissionRefusal) => Promise<void>,
): Promise<void> {
  if (isAllowed(principal, permission, subgraph)) return;
  await onRefused?.({ principal, permission, subgraph });
  const what = subgraph === undefined ? permission.replaceAll('_', ' ') : `${permission} subgraph "${subgraph}"`;
  const scope = principal.role === 'subgraph' ? `a token for subgraph "${principal.subgraph}"` : `a ${principal.role} token`;
  throw forbidden(`${scope} may not ${what}`, { permission, role: principal.role });
}
