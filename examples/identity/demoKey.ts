// The demo's signing key: generated once into .gatehouse/demo-key.json (git-ignored), shared by
// `npm start`, which trusts it, and `gatehouse token`, which signs with it. It is marked as a demo
// key so that `gatehouse token` can refuse any other key: it is not a way to mint real tokens.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const DEMO_ISSUER = 'gatehouse-demo';
export const DEMO_AUDIENCE = 'gatehouse-demo';
export const DEMO_ALGORITHM = 'ES256';
export const DEMO_KEY_FILE = '.gatehouse/demo-key.json';
const DEMO_KEY_ID_PREFIX = 'gatehouse-demo-';

export interface DemoKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export class NotADemoKeyError extends Error {
  override readonly name = 'NotADemoKeyError';
}

interface DemoKeyFile {
  demo: true;
  kid: string;
  privateJwk: JWK;
}

function publicPartOf(privateJwk: JWK, kid: string): JWK {
  const { d: _secret, ...publicJwk } = privateJwk;
  return { ...publicJwk, kid, alg: DEMO_ALGORITHM, use: 'sig' };
}

function asDemoKey(text: string, path: string): DemoKey {
  let file: Partial<DemoKeyFile>;
  try {
    file = JSON.parse(text) as Partial<DemoKeyFile>;
  } catch {
    throw new NotADemoKeyError(`${path} is not JSON`);
  }
  if (file.demo !== true || typeof file.kid !== 'string' || !file.kid.startsWith(DEMO_KEY_ID_PREFIX) || !file.privateJwk?.d) {
    throw new NotADemoKeyError(`${path} is not a Gatehouse demo key`);
  }
  return { kid: file.kid, privateJwk: file.privateJwk, publicJwk: publicPartOf(file.privateJwk, file.kid) };
}

export async function readDemoKey(path: string): Promise<DemoKey> {
  return asDemoKey(await readFile(path, 'utf8'), path);
}

/** The demo key at `path`, created (readable by the owner only) the first time. */
export async function loadOrCreateDemoKey(path = resolve(DEMO_KEY_FILE)): Promise<DemoKey> {
  try {
    return await readDemoKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(DEMO_ALGORITHM, { extractable: true });
  const kid = `${DEMO_KEY_ID_PREFIX}${Date.now().toString(36)}`;
  const file: DemoKeyFile = { demo: true, kid, privateJwk: await exportJWK(privateKey) };
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another process (the demo, or a `gatehouse token`) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readDemoKey(path);
    throw error;
  }
  return asDemoKey(JSON.stringify(file), path);
}

export interface DemoTokenClaims {
  sub: string;
  scopes?: readonly string[];
  roles?: readonly string[];
  /** A jose time span: "15m", "2h", "1d". */
  expiresIn?: string;
}

export async function signDemoToken(key: DemoKey, claims: DemoTokenClaims): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, DEMO_ALGORITHM);
  return new SignJWT({
    ...(claims.scopes?.length ? { scope: claims.scopes.join(' ') } : {}),
    ...(claims.roles?.length ? { roles: [...claims.roles] } : {}),
  })
    .setProtectedHeader({ alg: DEMO_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEMO_ISSUER)
    .setAudience(DEMO_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '15m')
    .sign(privateKey);
}
