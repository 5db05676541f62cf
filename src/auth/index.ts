export { authenticationUnavailable, bearerChallenge, unauthenticated } from './authErrors.ts';
export { createAuthenticationFeature } from './authenticationFeature.ts';
export { KeySourceConfigError, KeySourceUnavailableError } from './issuerKeys.ts';
export { ANONYMOUS, type Principal } from './principal.ts';
export { type ClaimLocations, principalFromClaims } from './principalFromClaims.ts';
export { readClaim } from './readClaim.ts';
export { AuthenticationFailure, createTokenVerifier, type TokenVerifier } from './tokenVerifier.ts';
