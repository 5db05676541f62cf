// `gatehouse registry` as a function: open the store (migrating it), the admin token, the HTTP API.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type AccessRules, accessRulesOf, loadAccessRules, loadPermissionsModule, type Permissions } from '../authz/index.ts';
import { ConfigError, describeConfigIssue, readGatewayConfigFile, suggestKnownKeys } from '../config/index.ts';
import { type RegistryServerConfigInput, registryServerConfigSchema } from '../config/registryConfig.ts';
import { listenError } from '../errors/index.ts';
import { createLogger, type Logger } from '../observability/index.ts';
import { tokenVerifier } from './access/registryPrincipal.ts';
import { generateAdminToken } from './access/registryToken.ts';
import { formatGraphRef, GRAPH_REF_FORMAT, type GraphRef, parseGraphRef } from './graphRef.ts';
import { createRegistryHttpServer } from './http/registryHttpServer.ts';
import { badRequest } from './registryErrors.ts';
import { seedRegistryFromSupergraphConfig } from './seedRegistry.ts';
import { Registry } from './service/registry.ts';
import { openRegistryStore } from './store/openRegistryStore.ts';
import type { RegistryStore } from './store/registryStore.ts';

export interface StartRegistryOptions extends RegistryServerConfigInput {
  logger?: Logger;
  /** A rover-format supergraph.yaml to fill the registry from when it is empty (the demo's first start). */
  seedFrom?: string;
  /** The gateways' rules from code, for every variant without a `rules` module of its own (the demo's). */
  permissions?: Permissions;
}

export interface RunningRegistry {
  /** Base URL, e.g. http://127.0.0.1:4001. */
  url: string;
  registry: Registry;
  store: RegistryStore;
  http: FastifyInstance;
  adminToken: string;
  /** true when no admin token was configured and one was made up for this run. */
  adminTokenGenerated: boolean;
  /** true when this start filled an empty registry from `seedFrom`. */
  seeded: boolean;
  close(): Promise<void>;
}

/** The rule modules by variant (`*`: every variant without its own); a ref or module that does not load stops the start. */
async function accessRulesByRef(
  rules: Readonly<Record<string, string>>,
  permissions: Permissions | undefined,
): Promise<(ref: GraphRef) => AccessRules | undefined> {
  const byRef = new Map<string, AccessRules>();
  if (permissions) byRef.set('*', accessRulesOf(undefined, permissions));
  for (const [ref, path] of Object.entries(rules)) {
    const parsed = ref === '*' ? undefined : parseGraphRef(ref);
    if (ref !== '*' && !parsed) throw badRequest(`rules: "${ref}" is not a graph ref or *: ${GRAPH_REF_FORMAT}`);
    const key = parsed ? formatGraphRef(parsed) : '*';
    byRef.set(key, await accessRulesIn(path));
  }
  return (ref) => byRef.get(formatGraphRef(ref)) ?? byRef.get('*');
}

const GATEWAY_CONFIG_FILE = /\.ya?ml$/i;

/**
 * The access rules a gateway runs, from its rules module, or from its whole `gatehouse.yaml`: then the
 * registry also knows the config's `@policy` definitions and whether directives are enforced.
 */
async function accessRulesIn(path: string): Promise<AccessRules> {
  if (!GATEWAY_CONFIG_FILE.test(path)) return accessRulesOf(undefined, await loadPermissionsModule(path));
  const { authorization } = await readGatewayConfigFile(path);
  if (!authorization) throw new ConfigError(`rules: ${path} has no authorization section: name its rules module, or add one`);
  return loadAccessRules(authorization);
}

/** A database URL fit for an error message: its password masked. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'named by --database-url';
  }
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const { logger: givenLogger, seedFrom, permissions, ...rawConfig } = options;
  const parsed = registryServerConfigSchema.safeParse(rawConfig, { reportInput: true, error: suggestKnownKeys });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`registry: ${issue ? describeConfigIssue(issue) : 'invalid options'}`);
  }
  const config = parsed.data;
  const logger = givenLogger ?? createLogger();
  const adminToken = config.admin_token ?? generateAdminToken();
  const accessRulesFor = await accessRulesByRef(config.rules, permissions);
  const store = await openRegistryStore({ databaseUrl: config.database_url, dataDir: config.data_dir }).catch((error: Error) => {
    const where = config.database_url ? `the database ${withoutPassword(config.database_url)}` : `the embedded store in ${config.data_dir}`;
    throw new Error(`cannot open ${where}: ${error.message}`);
  });
  let http: FastifyInstance | undefined;
  try {
    const registry = await Registry.open(store, {
      policy: {
        usageWindowDays: config.usage_window_days,
        failOnUnusedBreakingChanges: config.fail_on_unused_breaking_changes,
        accessRulesFor,
        allowNewlyExposedFields: config.allow_newly_exposed_fields,
      },
    });
    const seeded = seedFrom === undefined ? false : await seedRegistryFromSupergraphConfig(registry, seedFrom);
    http = await createRegistryHttpServer({ registry, verifier: tokenVerifier(store, adminToken), bodyLimit: config.body_limit, logger });
    await http.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      throw listenError(error, config, '--port/--host or PORT/HOST');
    });
    const { address, port } = http.server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    const listening = http;
    return {
      url: `http://${host}:${port}`,
      registry,
      store,
      http: listening,
      adminToken,
      adminTokenGenerated: config.admin_token === undefined,
      seeded,
      async close() {
        await listening.close();
        await store.close();
      },
    };
  } catch (error) {
    await http?.close();
    await store.close();
    throw error;
  }
}
