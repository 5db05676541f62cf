// Reads deploy/kubernetes/: every object of every file, and the pieces tests look at (the gateway's
// gatehouse.yaml, a container's environment with secrets resolved from secrets.yaml).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const MANIFESTS_DIRECTORY = fileURLToPath(new URL('../../../deploy/kubernetes/', import.meta.url));

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  file: string;
  // The rest of each kind's shape is read where it is used.
  // biome-ignore lint/suspicious/noExplicitAny: manifests are arbitrary Kubernetes objects; tests assert on what they read.
  [field: string]: any;
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export function manifestFiles(): string[] {
  return readdirSync(MANIFESTS_DIRECTORY).filter((file) => file.endsWith('.yaml'));
}

export function readManifests(): ManifestObject[] {
  return manifestFiles()
    .filter((file) => file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${MANIFESTS_DIRECTORY}${file}`, 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
        return { ...document.toJS(), file } as ManifestObject;
      }),
    );
}

export function findManifest(objects: ManifestObject[], kind: string, name: string): ManifestObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in deploy/kubernetes/`);
  return found;
}

export function onlyContainer(deployment: ManifestObject): Container {
  const containers = deployment.spec.template.spec.containers as Container[];
  if (containers.length !== 1 || !containers[0]) throw new Error(`${deployment.metadata.name}: expected one container`);
  return containers[0];
}

/** The container's environment as the pod sees it: plain values, and secret keys read from the Secrets given. */
export function containerEnvironment(container: Container, objects: ManifestObject[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const secretKey = variable.valueFrom?.secretKeyRef;
    if (secretKey) {
      const value = findManifest(objects, 'Secret', secretKey.name).stringData?.[secretKey.key];
      if (typeof value !== 'string') throw new Error(`${variable.name}: Secret ${secretKey.name} has no key ${secretKey.key}`);
      environment[variable.name] = value;
    } else {
      environment[variable.name] = variable.value ?? '';
    }
  }
  return environment;
}

export const GATEWAY_CONFIG_FILE = 'gatehouse.yaml';

/** The gatehouse.yaml the gateway pods mount, as written (before `${env.…}` expansion). */
export function gatewayConfigText(objects: ManifestObject[] = readManifests()): string {
  const text = findManifest(objects, 'ConfigMap', 'gatehouse-gateway').data?.[GATEWAY_CONFIG_FILE];
  if (typeof text !== 'string') throw new Error(`ConfigMap gatehouse-gateway has no ${GATEWAY_CONFIG_FILE}`);
  return text;
}
