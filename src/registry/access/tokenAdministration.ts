// Issuing, listing and revoking tokens (admin only), each audit-logged. Listings never carry secrets.
import { tokenNotFound } from '../registryErrors.ts';
import type { RegistryStore, StoredToken, TokenRole } from '../store/registryStore.ts';
import { issueToken } from './registryToken.ts';

export interface TokenInfo {
  id: string;
  name: string;
  role: TokenRole;
  subgraph: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

function tokenInfo({ secretHash: _secretHash, ...info }: StoredToken): TokenInfo {
  return info;
}

export interface NewTokenRequest {
  name: string;
  role: TokenRole;
  subgraph?: string | undefined;
  actor: string;
}

export async function createToken(store: RegistryStore, request: NewTokenRequest): Promise<{ token: string; info: TokenInfo }> {
  const issued = issueToken();
  const stored = await store.insertToken({
    id: issued.id,
    secretHash: issued.secretHash,
    name: request.name,
    role: request.role,
    subgraph: request.role === 'subgraph' ? (request.subgraph ?? null) : null,
    createdBy: request.actor,
  });
  await store.appendAudit({
    actor: request.actor,
    action: 'token.create',
    variant: null,
    subgraph: stored.subgraph,
    outcome: 'accepted',
    detail: { id: stored.id, name: stored.name, role: stored.role },
  });
  return { token: issued.token, info: tokenInfo(stored) };
}

export async function listTokens(store: RegistryStore): Promise<TokenInfo[]> {
  return (await store.listTokens()).map(tokenInfo);
}

export async function revokeToken(store: RegistryStore, request: { id: string; actor: string }): Promise<void> {
  if (!(await store.revokeToken(request.id))) throw tokenNotFound(`there is no token with id ${request.id}`);
  await store.appendAudit({
    actor: request.actor,
    action: 'token.revoke',
    variant: null,
    subgraph: null,
    outcome: 'accepted',
    detail: { id: request.id },
  });
}
