// What `gatehouse start` runs beside the gateway in the demo: the example subgraphs, the demo identity
// (its JWKS and access rules) and a registry seeded with the example graph, which the gateway follows.
// Loaded only for the demo. A part that cannot start stops the parts already started and says why.
import { startDemoIdentity } from '../../../examples/identity/startDemoIdentity.ts';
import examplePermissions from '../../../examples/permissions.ts';
import { startShippingSubgraph } from '../../../examples/shipping/startShippingSubgraph.ts';
import { DEFAULT_EXAMPLE_PORTS, startExampleSubgraphs } from '../../../examples/subgraphs/startExampleSubgraphs.ts';
import type { CreateGatewayOptions } from '../../server/index.ts';
import { CliError } from '../cliError.ts';
import type { CommandIO } from '../commands/command.ts';
import { printRunningRegistry } from '../registry/printRunningRegistry.ts';

const DEMO_REGISTRY_PORT = 4001;
const DEMO_SHIPPING_PORT = 4105;
/** The demo enforces a cost ceiling its annotated graph leaves room under (the benchmark query costs 749), and shows each cost. */
const DEMO_LIMITS = { max_cost: 1000, cost: { expose: true } };
const ALREADY_RUNNING = 'is another `npm start` (or `gatehouse start`) running?';

export interface DemoServices {
  registryUrl: string;
  registryToken: string;
  /** The demo gateway's trust, rules and GraphiQL settings. */
  gatewayOptions: Pick<CreateGatewayOptions, 'auth' | 'permissions' | 'graphiql' | 'limits' | 'explain'>;
  close(): Promise<void>;
}

export async function startDemoServices(supergraphConfig: string, io: CommandIO): Promise<DemoServices> {
  const started: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const part of started.reverse()) await part.close();
  };
  const failed = async (part: string, error: unknown): Promise<never> => {
    await closeAll();
    const message = (error as Error).message;
    throw new CliError(`error: the demo could not start its ${part}: ${message}${/in use/.test(message) ? `; ${ALREADY_RUNNING}` : ''}`);
  };

  const examples = await startExampleSubgraphs({ ports: DEFAULT_EXAMPLE_PORTS }).catch((error) => failed('example subgraphs', error));
  started.push(examples);
  for (const [name, url] of Object.entries(examples.urls)) io.stderr(`subgraph ${name.padEnd(9)} ${url}`);
  // Not in the graph until the README's tour publishes it to the registry.
  const shipping = await startShippingSubgraph(DEMO_SHIPPING_PORT).catch((error) => failed('shipping subgraph', error));
  started.push(shipping);
  io.stderr(`subgraph shipping  ${shipping.url}  (not published yet)`);
  // The demo trusts its own key (served as a JWKS on 127.0.0.1) and applies examples/permissions.ts.
  const identity = await startDemoIdentity().catch((error) => failed('identity provider', error));
  started.push(identity);
  io.stderr(`jwks               ${identity.jwksUrl}  (a token: gatehouse token --sub 2)`);
  const { startRegistry } = await import('../../registry/index.ts');
  const registry = await startRegistry({
    port: DEMO_REGISTRY_PORT,
    admin_token: process.env.GATEHOUSE_ADMIN_TOKEN || undefined,
    seedFrom: supergraphConfig,
    // The registry knows the gateway's rules, so a check shows which rule decides each new field.
    permissions: examplePermissions,
  }).catch((error) => failed('registry', error));
  started.push(registry);
  printRunningRegistry(registry, io, 'supergraph.yaml');

  return {
    registryUrl: registry.url,
    registryToken: registry.adminToken,
    gatewayOptions: {
      ...identity.config,
      limits: DEMO_LIMITS,
      // The demo explains every answer to anyone who asks (the header gatehouse-explain: 1).
      explain: { allow: { anyone: true } },
      graphiql: {
        enabled: true,
        token_help: 'A demo token for user 2: npx gatehouse token --sub 2 (more flags: --scope, --role).',
      },
    },
    close: closeAll,
  };
}
