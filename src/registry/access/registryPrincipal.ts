// Who is calling the registry, from the bearer token: the bootstrap admin (configured at start), or a
// token issued by the registry. Every write is audit-logged under the principal's actor name.
import type { RegistryStore, TokenRole } from '../store/registryStore.ts';
import { hashSecret, parseToken, secretMatches } from './registryToken.ts';

export interface RegistryPrincipal {
  role: TokenRole;
  /** The one subgraph a `subgraph` token may publish, check and delete. */
  subgraph: string | null;
  /** For the audit log: `admin` or `token:<id> (<name>)`. */
  actor: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<RegistryPrincipal | undefined>;
}

/** Verifies tokens against the bootstrap admin token (if any) and the store's issued tokens. */
export function tokenVerifier(store: RegistryStore, adminToken: string | undefined): TokenVerifier {
  const adminHash = adminToken ? hashSecret(adminToken) : undefined;
  return {
    async verify(token) {
      if (adminHash !== undefined && secretMatches(token, adminHash)) return { role: 'admin', subgraph: null, actor: 'admin' };
      const parsed = parseToken(token);
      if (!parsed) return undefined;
      const stored = await store.findToken(parsed.id);
      if (!stored || stored.revokedAt !== null || !secretMatches(parsed.secret, stored.secretHash)) return undefined;
      return { role: stored.role, subgraph: stored.subgraph, actor: `token:${stored.id} (${stored.name})` };
    },
  };
}
