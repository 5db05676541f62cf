// Verifies a bearer token against the issuer its `iss` names, with that issuer's keys, audience,
// algorithm allow-list, clock tolerance and required claims. Every way a token can be wrong is an
// AuthenticationFailure with a short reason; a key source that cannot answer is KeySourceUnavailableError.
import { decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import type { AuthConfig, IssuerConfig } from '../config/authConfig.ts';
import { issuerKeys, KeySourceUnavailableError } from './issuerKeys.ts';
import type { Principal } from './principal.ts';
import { type ClaimLocations, principalFromClaims } from './principalFromClaims.ts';

export class AuthenticationFailure extends Error {
  override readonly name = 'AuthenticationFailure';
}

export interface TokenVerifier {
  /** Resolves with the token's principal; rejects with AuthenticationFailure or KeySourceUnavailableError. */
  verify(token: string): Promise<Principal>;
}

interface TrustedIssuer {
  config: IssuerConfig;
  keys: JWTVerifyGetKey;
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not accepted (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not allowed";
  if (error instanceof errors.JWKSNoMatchingKey) return "no trusted key matches the token's kid and algorithm";
  if (error instanceof errors.JOSENotSupported) return "the token's algorithm is not supported";
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'the token is malformed';
  return 'the token cannot be verified';
}

export async function createTokenVerifier(config: AuthConfig): Promise<TokenVerifier> {
  const issuers = new Map<string, TrustedIssuer>();
  for (const issuer of config.issuers) issuers.set(issuer.issuer, { config: issuer, keys: await issuerKeys(issuer) });
  const locations: ClaimLocations = { scopeClaims: config.scope_claims, roleClaims: config.role_claims };
  // Clients resend the same token on every request, and an ES256 verification costs ~170 µs: a token
  // verified once is trusted until its `exp` or the TTL, whichever comes first. Failures are not kept.
  const verified =
    config.verified_tokens > 0
      ? new LRUCache<string, { principal: Principal; expiresAt: number }>({ max: config.verified_tokens })
      : undefined;

  return {
    async verify(token) {
      const remembered = verified?.get(token);
      if (remembered && Date.now() < remembered.expiresAt) return remembered.principal;
      let issuerName: unknown;
      try {
        issuerName = decodeJwt(token).iss;
      } catch (error) {
        throw new AuthenticationFailure(reasonFor(error));
      }
      const trusted = typeof issuerName === 'string' ? issuers.get(issuerName) : undefined;
      if (!trusted) throw new AuthenticationFailure("the token's issuer is not trusted");
      const { config: issuer, keys } = trusted;
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: issuer.issuer,
          audience: issuer.audience,
          algorithms: issuer.algorithms,
          clockTolerance: issuer.clock_tolerance / 1000,
          requiredClaims: issuer.required_claims,
        });
        const principal = principalFromClaims(payload, locations);
        if (verified) {
          const expiresAt = Math.min(
            Date.now() + config.verified_token_ttl,
            (payload.exp ?? Number.POSITIVE_INFINITY) * 1000 + issuer.clock_tolerance,
          );
          verified.set(token, { principal, expiresAt });
        }
        return principal;
      } catch (error) {
        if (error instanceof KeySourceUnavailableError) throw error;
        throw new AuthenticationFailure(reasonFor(error));
      }
    },
  };
}
