// Turns a verified token's claims into the Principal every later stage reads.
import type { JWTPayload } from 'jose';
import type { Principal } from './principal.ts';
import { readClaim } from './readClaim.ts';

export interface ClaimLocations {
  /** Claims (or dotted paths) holding scopes: `scope` is a space-separated string, `scp`/`permissions` arrays. */
  scopeClaims: readonly string[];
  roleClaims: readonly string[];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((item) => item !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function collect(claims: Readonly<JWTPayload>, paths: readonly string[]): readonly string[] {
  const values = new Set<string>();
  for (const path of paths) for (const value of stringsIn(readClaim(claims, path))) values.add(value);
  return Object.freeze([...values]);
}

export function principalFromClaims(claims: JWTPayload, locations: ClaimLocations): Principal {
  return Object.freeze({
    authenticated: true,
    subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    scopes: collect(claims, locations.scopeClaims),
    roles: collect(claims, locations.roleClaims),
    claims: Object.freeze(claims),
  });
}
