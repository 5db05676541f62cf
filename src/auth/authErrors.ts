// The errors authentication answers with: 401 with a WWW-Authenticate challenge (RFC 6750), or 503
// when the keys cannot be fetched (never a silent accept).
import { defineError } from '../errors/index.ts';

export const unauthenticated = defineError('UNAUTHENTICATED', 401);
export const authenticationUnavailable = defineError('AUTHENTICATION_UNAVAILABLE', 503);

/** RFC 6750 §3: quoted-string values may not contain `"` or `\`. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "'")}"`;
}

export function bearerChallenge(error?: 'invalid_request' | 'invalid_token', description?: string): string {
  if (!error) return 'Bearer';
  return `Bearer error=${quoted(error)}${description ? `, error_description=${quoted(description)}` : ''}`;
}
