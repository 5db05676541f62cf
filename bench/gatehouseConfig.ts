// The gatehouse.yaml the benchmark runs Gatehouse with: every feature this build has, switched on
// the way production would run it (JWT auth with a local key, the example shield rules, limits with a
// rate budget, request logs and metrics). Features are looked up in the config schema, so the bench
// reports honestly which were on.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { stringify } from 'yaml';
import { gatewayConfigSchema } from '../src/config/index.ts';
import { subgraphTrafficSchema } from '../src/config/subgraphsConfig.ts';

const ISSUER = 'https://bench.gatehouse.local';
const AUDIENCE = 'gatehouse-bench';

export interface BenchGatehouseConfig {
  path: string;
  /** A bearer token the config accepts, sent on every benchmark request (to every variant alike). */
  token: string;
  /** What was switched on, for the report. */
  features: string[];
}

export async function writeGatehouseConfig(
  directory: string,
  supergraphFile: string,
  permissionsModule: string,
): Promise<BenchGatehouseConfig> {
  const sections = new Set(Object.keys(gatewayConfigSchema.shape));
  const config: Record<string, unknown> = {
    supergraph: { file: supergraphFile, watch: false },
    server: { host: '127.0.0.1', port: 0 },
    log_level: 'info',
    telemetry: { logs: { format: 'json', requests: true }, metrics: { enabled: true } },
    headers: { all: [{ insert: { name: 'x-user', from_claim: 'sub' } }] },
  };
  const features = ['subgraph fetcher (undici)', 'request logs', 'metrics', 'header rules'];

  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicKeyFile = join(directory, 'bench-public-key.pem');
  await writeFile(publicKeyFile, await exportSPKI(publicKey));
  const token = await new SignJWT({ scope: 'read:profile', roles: ['reader'] })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('bench-user')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);

  if (sections.has('auth')) {
    config.auth = { issuers: [{ issuer: ISSUER, audience: AUDIENCE, public_key_file: publicKeyFile, algorithms: ['ES256'] }] };
    features.push('JWT auth (ES256, local key)');
  }
  if (sections.has('authorization')) {
    config.authorization = { rules: permissionsModule };
    features.push(
      'authorization (graphql-shield rules of bench/benchPermissions.ts: wildcard, scope and role rules, and a rule over the parent object on Review.body, every review of every list)',
    );
  }
  if (sections.has('limits')) {
    // Limits on at their defaults, but with room for the benchmark query and a budget it never exhausts.
    config.limits = { max_cost: 1_000_000, rate: { budget: 1_000_000_000_000 } };
    features.push('limits (depth, aliases, root fields, tokens, cost analysis, in-memory rate budget)');
  }
  if ('batching' in subgraphTrafficSchema.shape) {
    // The example subgraphs accept batches; entity deduplication is on by default.
    config.subgraphs = { all: { batching: true } };
    features.push('subgraph batching and entity deduplication (fewer round trips per query)');
  }
  const path = join(directory, 'gatehouse.yaml');
  await writeFile(path, stringify(config));
  return { path, token, features };
}
