// `auth:` — who may call the gateway: the token issuers we trust, their keys, and where a token
// carries scopes and roles. Only asymmetric algorithms can be named: `none` and HMAC never verify here.
import { z } from 'zod';
import { duration } from './duration.ts';

export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export const issuerConfigSchema = z
  .strictObject({
    issuer: z.string().min(1).describe("The `iss` claim of this issuer's tokens; a token is verified by the entry its `iss` names."),
    audience: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('Accepted `aud` value(s); a token for another audience is rejected.'),
    jwks_url: z.url().optional().describe('A remote JWKS (e.g. https://idp/.well-known/jwks.json), cached and refetched on key rotation.'),
    jwks_file: z.string().optional().describe('A local JWKS file (JSON `{ "keys": [...] }`).'),
    public_key_file: z.string().optional().describe('A PEM public key file (SPKI, "-----BEGIN PUBLIC KEY-----").'),
    algorithms: z
      .array(z.enum(ASYMMETRIC_ALGORITHMS))
      .min(1)
      .default(['RS256', 'PS256', 'ES256', 'EdDSA'])
      .describe('Accepted `alg` values; only asymmetric algorithms exist here (never `none`, never HS256).'),
    clock_tolerance: duration.default(30_000).describe('Leeway for `exp`/`nbf`/`iat` between clocks.'),
    required_claims: z.array(z.string().min(1)).default(['exp']).describe('Claims a token must carry (besides `iss` and `aud`).'),
    jwks_cache_max_age: duration.default(600_000).describe('How long a fetched JWKS is used before it is fetched again.'),
    jwks_cooldown: duration
      .default(30_000)
      .describe('After a fetch, a token with an unknown `kid` waits this long before it may trigger another fetch.'),
    jwks_timeout: duration.default(5_000).describe('Timeout of a JWKS fetch; a timeout answers 503.'),
  })
  .refine((value) => [value.jwks_url, value.jwks_file, value.public_key_file].filter((source) => source !== undefined).length === 1, {
    message: 'set exactly one of jwks_url, jwks_file or public_key_file',
  });

export const authConfigSchema = z.strictObject({
  allow_anonymous: z
    .boolean()
    .default(false)
    .describe('A request without a token gets the anonymous principal (else 401); authorization rules decide what it may read.'),
  issuers: z
    .array(issuerConfigSchema)
    .min(1)
    .refine((issuers) => new Set(issuers.map((entry) => entry.issuer)).size === issuers.length, { message: 'each issuer may appear once' })
    .describe('The token issuers this gateway trusts.'),
  scope_claims: z
    .array(z.string().min(1))
    .default(['scope', 'scp', 'permissions'])
    .describe('Claims (or dotted paths) holding scopes: a space-separated string or an array of strings.'),
  role_claims: z
    .array(z.string().min(1))
    .default(['roles'])
    .describe('Claims (or dotted paths, e.g. `realm_access.roles`) holding roles: an array of strings or a space-separated string.'),
  verified_tokens: z
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe('How many verified tokens are remembered, so a repeated token skips signature verification; 0 verifies every request.'),
  verified_token_ttl: duration
    .default(60_000)
    .describe('Longest time a remembered token is trusted without verifying it again (never past its `exp`).'),
});

export type IssuerConfig = z.output<typeof issuerConfigSchema>;
export type AuthConfig = z.output<typeof authConfigSchema>;
export type AuthConfigInput = z.input<typeof authConfigSchema>;
