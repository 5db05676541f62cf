// deploy/kubernetes/ against what the image and the config schema accept: ports, probe paths, config
// keys, environment names, flags, and the shutdown timings that must agree with each other.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { registryCommand } from '../../src/cli/commands/registry.ts';
import { startCommand } from '../../src/cli/commands/start.ts';
import { parseDuration } from '../../src/config/duration.ts';
import { expandEnvironmentInYaml } from '../../src/config/expandEnvironmentInYaml.ts';
import { type GatewayConfig, parseGatewayConfig } from '../../src/config/index.ts';
import { registryServerConfigSchema } from '../../src/config/registryConfig.ts';
import { silentLogger } from '../../src/observability/index.ts';
import { tokenVerifier } from '../../src/registry/access/registryPrincipal.ts';
import { createRegistryHttpServer, type Registry } from '../../src/registry/index.ts';
import { composeExampleSupergraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { findClosedPort } from '../support/ports.ts';
import {
  type Container,
  containerEnvironment,
  findManifest,
  GATEWAY_CONFIG_FILE,
  gatewayConfigText,
  MANIFESTS_DIRECTORY,
  type ManifestObject,
  manifestFiles,
  onlyContainer,
  type Probe,
  readManifests,
} from './support/kubernetesManifests.ts';

const objects = readManifests();
const gatewayDeployment = findManifest(objects, 'Deployment', 'gatehouse-gateway');
const registryDeployment = findManifest(objects, 'Deployment', 'gatehouse-registry');
const gateway = onlyContainer(gatewayDeployment);
const registry = onlyContainer(registryDeployment);
const gatewayEnvironment = containerEnvironment(gateway, objects);
const registryEnvironment = containerEnvironment(registry, objects);

/** The image's instructions, continuation lines joined: `{ instruction, argument }` in order. */
const containerfile = readFileSync(new URL('../../Containerfile', import.meta.url), 'utf8')
  .replace(/\\\n\s*/g, '')
  .split('\n')
  .filter((line) => /^[A-Z]+\s/.test(line))
  .map((line) => ({ instruction: line.split(/\s/)[0] ?? '', argument: line.slice(line.indexOf(' ') + 1).trim() }));
const lastFrom = Math.max(...containerfile.map((line, index) => (line.instruction === 'FROM' ? index : -1)));
const runtimeStage = containerfile.slice(lastFrom);
const imageInstruction = (name: string) => runtimeStage.filter((line) => line.instruction === name).at(-1)?.argument;
/** ENV of the runtime stage, `NAME=value` pairs. */
const imageEnvironment = Object.fromEntries(
  runtimeStage
    .filter((line) => line.instruction === 'ENV')
    .flatMap((line) => line.argument.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
);

/** The gateway's gatehouse.yaml as a pod reads it: `${env.…}` from the container's environment and the image's, and nothing else. */
function gatewayConfig(): GatewayConfig {
  const document = parseDocument(gatewayConfigText(objects));
  expandEnvironmentInYaml(document, GATEWAY_CONFIG_FILE, { ...imageEnvironment, ...gatewayEnvironment });
  return parseGatewayConfig(document.toJS(), GATEWAY_CONFIG_FILE);
}

function flagValue(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

function portNamed(container: Container, port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

function podLabels(deployment: ManifestObject): Record<string, string> {
  return deployment.spec.template.metadata.labels;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

const seconds = (value: unknown) => parseDuration(value as string | number) / 1000;

describe('deploy/kubernetes/', () => {
  it('kustomization.yaml lists every manifest in the folder, and names the image the Deployments run', () => {
    const kustomization = parse(readFileSync(`${MANIFESTS_DIRECTORY}kustomization.yaml`, 'utf8'));
    expect([...kustomization.resources].sort()).toEqual(manifestFiles().filter((file) => file !== 'kustomization.yaml'));
    const imageNames = kustomization.images.map((image: { name: string }) => image.name);
    expect(imageNames).toContain(gateway.image);
    expect(imageNames).toContain(registry.image);
  });

  it("the gateway's gatehouse.yaml is valid against the config schema, with every ${env.…} it uses set by the Deployment", () => {
    const config = gatewayConfig();
    expect(config.supergraph.registry?.url).toBe(gatewayEnvironment.GATEHOUSE_REGISTRY_URL);
    expect(config.limits.rate.redis).toBe(gatewayEnvironment.REDIS_URL);
    // Each pod is one process: the autoscaler and the CPU request count processes, not cores.
    expect(config.server.workers).toBe(1);
    // Every variable the Deployment sets is read by the config or by the process (NODE_ENV).
    const referenced = [...gatewayConfigText(objects).matchAll(/\$\{env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
    for (const name of Object.keys(gatewayEnvironment)) expect([...referenced, 'NODE_ENV'], name).toContain(name);
  });

  it('the gateway runs the image default command, reads the ConfigMap where it is mounted, and writes only to its volumes', () => {
    expect(gateway.args).toEqual(JSON.parse(imageInstruction('CMD') ?? '[]'));
    const args = gateway.args ?? [];
    expect(args[0]).toBe(startCommand.name);
    for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(startCommand.usage, flag).toContain(flag);
    const configPath = flagValue(args, '--config') ?? '';
    expect(configPath.endsWith(`/${GATEWAY_CONFIG_FILE}`)).toBe(true);
    const mounts = gateway.volumeMounts ?? [];
    const volumes = gatewayDeployment.spec.template.spec.volumes as { name: string; configMap?: { name: string } }[];
    const configMount = mounts.find((mount) => mount.mountPath === dirname(configPath));
    expect(volumes.find((volume) => volume.name === configMount?.name)?.configMap?.name).toBe('gatehouse-gateway');
    // The root filesystem is read-only: the registry's last supergraph is kept on a mounted volume.
    expect(gateway.securityContext?.readOnlyRootFilesystem).toBe(true);
    const cacheFile = gatewayConfig().supergraph.registry?.cache_file ?? '';
    expect(mounts.some((mount) => !mount.readOnly && cacheFile.startsWith(`${mount.mountPath}/`))).toBe(true);
  });

  it('ports agree: the config, the container, the image, the Services, the probes and the scrape annotation', () => {
    const gatewayPort = gatewayConfig().server.port;
    expect(portNamed(gateway, 'http')).toBe(gatewayPort);
    expect(Number(imageEnvironment.PORT)).toBe(gatewayPort);
    expect(imageInstruction('EXPOSE')?.split(/\s+/)).toContain(String(gatewayPort));
    expect(Number(gatewayDeployment.spec.template.metadata.annotations['prometheus.io/port'])).toBe(gatewayPort);
    expect(gatewayDeployment.spec.template.metadata.annotations['prometheus.io/path']).toBe(gatewayConfig().telemetry.metrics.path);

    const registryPort = Number(flagValue(registry.args ?? [], '--port'));
    expect(portNamed(registry, 'http')).toBe(registryPort);
    expect(new URL(gatewayEnvironment.GATEHOUSE_REGISTRY_URL ?? '').port).toBe(String(registryPort));
    expect(new URL(gatewayEnvironment.GATEHOUSE_REGISTRY_URL ?? '').hostname).toBe('gatehouse-registry');

    for (const [deployment, container] of [
      [gatewayDeployment, gateway],
      [registryDeployment, registry],
    ] as const) {
      const service = findManifest(objects, 'Service', deployment.metadata.name);
      expect(selects(service.spec.selector, podLabels(deployment)), service.metadata.name).toBe(true);
      for (const port of service.spec.ports) expect(portNamed(container, port.targetPort), service.metadata.name).toBe(port.port);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(portNamed(container, probe?.httpGet?.port), container.name).toBe(portNamed(container, 'http'));
      }
    }
  });

  it('the registry takes its flags and environment as `gatehouse registry` reads them, with valid secrets', () => {
    const args = registry.args ?? [];
    expect(args[0]).toBe(registryCommand.name);
    for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(registryCommand.usage, flag).toContain(flag);
    // The environment column of docs/registry.md's flag table lists what `gatehouse registry` reads.
    const documented = [
      ...readFileSync(new URL('../../docs/registry.md', import.meta.url), 'utf8').matchAll(/^\| `--[^|]+\| `([A-Z_]+)` \|/gm),
    ];
    const readByRegistry = documented.map((match) => match[1]);
    for (const name of Object.keys(registryEnvironment)) expect([...readByRegistry, 'NODE_ENV'], name).toContain(name);
    const parsed = registryServerConfigSchema.safeParse({
      database_url: registryEnvironment.DATABASE_URL,
      admin_token: registryEnvironment.GATEHOUSE_ADMIN_TOKEN,
    });
    expect(parsed.error?.issues).toBeUndefined();
  });

  it('a pod stops the way the gateway drains: preStop = shutdown_delay, and the grace period covers all of it', () => {
    const { server } = gatewayConfig();
    const sleep = gateway.lifecycle?.preStop?.exec?.command ?? [];
    expect(sleep[0]).toBe('sleep');
    expect(Number(sleep[1])).toBe(seconds(server.shutdown_delay));
    expect(gatewayDeployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(sleep[1]) + seconds(server.shutdown_delay) + seconds(server.shutdown_timeout),
    );
    expect(imageInstruction('STOPSIGNAL')).toBe('SIGTERM');
    // Rolling upgrades add a ready pod before taking one away.
    expect(gatewayDeployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('pods run as the image’s non-root user', () => {
    const [user, group] = (imageInstruction('USER') ?? '').split(':').map(Number);
    expect(user).toBeGreaterThan(0);
    for (const deployment of [gatewayDeployment, registryDeployment]) {
      const security = deployment.spec.template.spec.securityContext;
      expect(security, deployment.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: user, runAsGroup: group });
    }
  });

  it('the autoscaler scales the gateway on CPU it requests, and the disruption budgets select the pods they protect', () => {
    const autoscaler = findManifest(objects, 'HorizontalPodAutoscaler', 'gatehouse-gateway');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gatehouse-gateway' });
    expect(autoscaler.spec.metrics[0].resource.name).toBe('cpu');
    expect(gateway.resources?.requests?.cpu).toBeDefined();
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    for (const deployment of [gatewayDeployment, registryDeployment]) {
      const budget = findManifest(objects, 'PodDisruptionBudget', deployment.metadata.name);
      expect(selects(budget.spec.selector.matchLabels, podLabels(deployment)), budget.metadata.name).toBe(true);
      expect(budget.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
    }
  });

  it('the NetworkPolicy lets gateways and labelled CI pods reach the registry port, and nothing else', () => {
    const policy = findManifest(objects, 'NetworkPolicy', 'gatehouse-registry');
    expect(selects(policy.spec.podSelector.matchLabels, podLabels(registryDeployment))).toBe(true);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toHaveLength(1);
    const [rule] = policy.spec.ingress;
    expect(rule.ports.map((port: { port: string }) => portNamed(registry, port.port))).toEqual([portNamed(registry, 'http')]);
    const fromGateways = rule.from.find((peer: { namespaceSelector?: unknown }) => !peer.namespaceSelector);
    expect(selects(fromGateways.podSelector.matchLabels, podLabels(gatewayDeployment))).toBe(true);
    const fromCi = rule.from.find((peer: { namespaceSelector?: unknown }) => peer.namespaceSelector);
    expect(fromCi.podSelector.matchLabels).toEqual({ 'gatehouse.dev/registry-client': 'true' });
  });

  describe('probe paths answer 200 on the real servers', () => {
    let testGateway: TestGateway;
    let registryServer: Awaited<ReturnType<typeof createRegistryHttpServer>>;
    beforeAll(async () => {
      const nowhere = `http://127.0.0.1:${await findClosedPort()}/graphql`;
      const supergraph = composeExampleSupergraph({ accounts: nowhere, products: nowhere, reviews: nowhere, inventory: nowhere });
      testGateway = await startTestGateway({ supergraph: { sdl: supergraph } });
      // The health route needs no registry behind it.
      registryServer = await createRegistryHttpServer({
        registry: { store: {} } as unknown as Registry,
        verifier: tokenVerifier({} as never, undefined),
        bodyLimit: 1024,
        logger: silentLogger,
      });
    });
    afterAll(async () => {
      await testGateway?.close();
      await registryServer?.close();
    });

    const probes = (container: Container): [string, Probe | undefined][] => [
      ['readiness', container.readinessProbe],
      ['liveness', container.livenessProbe],
    ];

    it('gateway: readiness on /ready, liveness on /health (and the image HEALTHCHECK on /health)', async () => {
      expect(gateway.readinessProbe?.httpGet?.path).toBe('/ready');
      expect(gateway.livenessProbe?.httpGet?.path).toBe('/health');
      expect(imageInstruction('HEALTHCHECK')).toContain('/health`');
      for (const [kind, probe] of probes(gateway)) {
        const response = await fetch(new URL(probe?.httpGet?.path ?? '', testGateway.url));
        expect(response.status, kind).toBe(200);
      }
    });

    it('registry: both probes on a path it serves', async () => {
      for (const [kind, probe] of probes(registry)) {
        const response = await registryServer.inject({ method: 'GET', url: probe?.httpGet?.path ?? '' });
        expect(response.statusCode, kind).toBe(200);
      }
    });
  });
});
