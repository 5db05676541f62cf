// API tokens: `ght_<id>_<secret>`. The id is public (it finds the row); the secret is 256 random bits
// kept only as its sha256 (a fast hash is enough for secrets this long) and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^ght_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  id: string;
  /** The whole token: shown once, never stored. */
  token: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `secret` hashes to `expectedHash`, in time that does not depend on where they differ. */
export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = createHash('sha256').update(secret).digest();
  const expected = Buffer.from(expectedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export function issueToken(): IssuedToken {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `ght_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

/** A token for the bootstrap admin, when none is configured: random, in the same format. */
export function generateAdminToken(): string {
  return `ght_${'0'.repeat(16)}_${randomBytes(32).toString('base64url')}`;
}
