// What each role may do. Reads need any valid token; a team's token writes only its own subgraph.
import type { RegistryPrincipal } from './registryPrincipal.ts';

export type RegistryPermission = 'read' | 'check' | 'publish' | 'delete' | 'rollback' | 'report_usage' | 'manage_tokens' | 'read_audit_log';

const SUBGRAPH_SCOPED: ReadonlySet<RegistryPermission> = new Set(['check', 'publish', 'delete']);

/** Whether `principal` may do `permission` (on `subgraph`, for the subgraph-scoped ones). */
export function isAllowed(principal: RegistryPrincipal, permission: RegistryPermission, subgraph?: string): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'readonly':
      return permission === 'read' || permission === 'report_usage';
    case 'subgraph':
      return permission === 'read' || (SUBGRAPH_SCOPED.has(permission) && subgraph !== undefined && subgraph === principal.subgraph);
  }
}
