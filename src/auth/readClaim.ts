// Reads a claim by name, or by dotted path into nested objects (`realm_access.roles`); a claim whose
// own name contains dots (`https://example.com/roles`) is found by its full name first.
import type { JWTPayload } from 'jose';

export function readClaim(claims: Readonly<JWTPayload>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
