// Who is asking: the verified identity every later stage (limits, authorization, logs) reads.
import type { JWTPayload } from 'jose';

export interface Principal {
  /** false for a request without a token (when anonymous access is allowed). */
  authenticated: boolean;
  /** The token's `sub`; undefined when anonymous. */
  subject: string | undefined;
  scopes: readonly string[];
  roles: readonly string[];
  /** Every verified claim of the token ({} when anonymous). */
  claims: Readonly<JWTPayload>;
}

export const ANONYMOUS: Principal = Object.freeze({ authenticated: false, subject: undefined, scopes: [], roles: [], claims: {} });

declare module '../pipeline/context.ts' {
  interface GatehouseContext {
    /** Set by authentication; ANONYMOUS when no token was sent (and anonymous access is allowed). */
    principal?: Principal;
  }
}
