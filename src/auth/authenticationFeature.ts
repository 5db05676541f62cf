// Authentication as a gateway feature: reads `Authorization: Bearer <jwt>`, verifies it, and puts the
// Principal on the request's context before anything else runs.
import type { FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/authConfig.ts';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import { authenticationUnavailable, bearerChallenge, unauthenticated } from './authErrors.ts';
import { KeySourceUnavailableError } from './issuerKeys.ts';
import { ANONYMOUS, type Principal } from './principal.ts';
import { AuthenticationFailure, createTokenVerifier, type TokenVerifier } from './tokenVerifier.ts';

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

async function principalOf(header: string | undefined, verifier: TokenVerifier, allowAnonymous: boolean): Promise<Principal> {
  if (header === undefined || header.trim() === '') {
    if (allowAnonymous) return ANONYMOUS;
    throw unauthenticated('Authentication required: send `Authorization: Bearer <token>`', {
      headers: { 'www-authenticate': bearerChallenge() },
    });
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) {
    throw unauthenticated('The Authorization header must be `Bearer <token>`', {
      headers: { 'www-authenticate': bearerChallenge('invalid_request', 'expected a Bearer token') },
    });
  }
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (error instanceof AuthenticationFailure) {
      throw unauthenticated(`Invalid token: ${error.message}`, {
        headers: { 'www-authenticate': bearerChallenge('invalid_token', error.message) },
      });
    }
    if (error instanceof KeySourceUnavailableError) {
      throw authenticationUnavailable("Tokens cannot be verified right now: the issuer's keys are unavailable; retry later", {
        headers: { 'retry-after': '5' },
      });
    }
    throw error;
  }
}

export async function createAuthenticationFeature(config: AuthConfig): Promise<GatewayFeature> {
  const verifier = await createTokenVerifier(config);
  return {
    name: 'authentication',
    async extendContext(request: FastifyRequest, context: GatehouseContext) {
      const header = request.headers.authorization;
      context.principal = await principalOf(header, verifier, config.allow_anonymous);
    },
  };
}
