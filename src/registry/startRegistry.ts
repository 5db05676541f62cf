// `gatehouse registry` as a function: open the store (migrating it), the admin token, the HTTP API.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type RegistryServerConfigInput, registryServerConfigSchema } from '../config/registryConfig.ts';
import { createLogger, type Logger } from '../observability/index.ts';
import { tokenVerifier } from './access/registryPrincipal.ts';
import { generateAdminToken } from './access/registryToken.ts';
import { createRegistryHttpServer } from './http/registryHttpServer.ts';
import { seedRegistryFromSupergraphConfig } from './seedRegistry.ts';
import { Registry } from './service/registry.ts';
import { openRegistryStore } from './store/openRegistryStore.ts';
import type { RegistryStore } from './store/registryStore.ts';

export interface StartRegistryOptions extends RegistryServerConfigInput {
  logger?: Logger;
  /** A rover-format supergraph.yaml to fill the registry from when it is empty (the demo's first start). */
  seedFrom?: string;
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

export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const { logger: givenLogger, seedFrom, ...rawConfig } = options;
  const config = registryServerConfigSchema.parse(rawConfig);
  const logger = givenLogger ?? createLogger();
  const adminToken = config.admin_token ?? generateAdminToken();
  const store = await openRegistryStore({ databaseUrl: config.database_url, dataDir: config.data_dir });
  let http: FastifyInstance | undefined;
  try {
    const registry = await Registry.open(store, {
      policy: { usageWindowDays: config.usage_window_days, failOnUnusedBreakingChanges: config.fail_on_unused_breaking_changes },
    });
    const seeded = seedFrom === undefined ? false : await seedRegistryFromSupergraphConfig(registry, seedFrom);
    http = await createRegistryHttpServer({ registry, verifier: tokenVerifier(store, adminToken), bodyLimit: config.body_limit, logger });
    await http.listen({ host: config.host, port: config.port });
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
