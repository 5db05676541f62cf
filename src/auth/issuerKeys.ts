// Where one issuer's public keys come from: a remote JWKS (cached, with a cooldown so unknown `kid`s
// cannot make us hammer the endpoint), a local JWKS file, or a PEM public key. A key source that cannot
// answer raises KeySourceUnavailableError, which callers turn into 503, never into an accept.
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, errors, importSPKI, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { IssuerConfig } from '../config/authConfig.ts';

export class KeySourceUnavailableError extends Error {
  override readonly name = 'KeySourceUnavailableError';
}

export class KeySourceConfigError extends Error {
  override readonly name = 'KeySourceConfigError';
}

/** Errors that say something about the token (no key for its `kid`/`alg`), not about the key source. */
function isTokenError(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  );
}

function remoteKeys(issuer: IssuerConfig, url: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: issuer.jwks_cache_max_age,
    cooldownDuration: issuer.jwks_cooldown,
    timeoutDuration: issuer.jwks_timeout,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenError(error)) throw error;
      throw new KeySourceUnavailableError(`the JWKS of ${issuer.issuer} at ${url} is unavailable: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}

async function readKeyFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KeySourceConfigError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function localKeys(path: string): Promise<JWTVerifyGetKey> {
  const text = await readKeyFile(path, 'JWKS file');
  try {
    return createLocalJWKSet(JSON.parse(text) as JSONWebKeySet);
  } catch (error) {
    throw new KeySourceConfigError(`JWKS file ${path} is not a JSON Web Key Set: ${(error as Error).message}`);
  }
}

async function pemKey(issuer: IssuerConfig, path: string): Promise<JWTVerifyGetKey> {
  const pem = await readKeyFile(path, 'public key file');
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw new KeySourceConfigError(`public key file ${path} is not a PEM public key (expected "-----BEGIN PUBLIC KEY-----")`);
  }
  // importSPKI binds a key to one algorithm; import it once for each allowed one that fits the key type.
  const byAlgorithm = new Map<string, Awaited<ReturnType<typeof importSPKI>>>();
  for (const algorithm of issuer.algorithms) {
    try {
      byAlgorithm.set(algorithm, await importSPKI(pem, algorithm));
    } catch {
      // This algorithm does not fit the key's type (e.g. ES256 for an RSA key): tokens using it find no key.
    }
  }
  if (byAlgorithm.size === 0) {
    throw new KeySourceConfigError(`public key file ${path} fits none of the algorithms ${issuer.algorithms.join(', ')}`);
  }
  return async (header) => {
    const key = byAlgorithm.get(header.alg);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
}

export async function issuerKeys(issuer: IssuerConfig): Promise<JWTVerifyGetKey> {
  if (issuer.jwks_url !== undefined) return remoteKeys(issuer, issuer.jwks_url);
  if (issuer.jwks_file !== undefined) return localKeys(issuer.jwks_file);
  if (issuer.public_key_file !== undefined) return pemKey(issuer, issuer.public_key_file);
  throw new KeySourceConfigError(`issuer ${issuer.issuer}: no key source (set jwks_url, jwks_file or public_key_file)`);
}
