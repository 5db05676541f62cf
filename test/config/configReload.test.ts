import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedGatewayConfig, watchConfigFile } from '../../src/config/index.ts';
import { configMapVolume } from '../support/configMapVolume.ts';
import { useExampleGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';

describe('config reload', () => {
  const example = useExampleGateway();

  async function productsHeaders() {
    example.graph.received.length = 0;
    await example.gateway.post({ query: '{ topProducts(first: 1) { name } }' });
    return example.graph.received.find((entry) => entry.subgraph === 'products')?.operation.headers ?? {};
  }

  it('applies header rules, subgraph settings and masking to the next requests, without a restart', async () => {
    expect(await productsHeaders()).not.toHaveProperty('x-reloaded');
    const result = await example.gateway.gateway.reload({
      supergraph: { sdl: example.graph.supergraphSdl },
      server: { port: 0 },
      headers: { all: [{ insert: { name: 'x-reloaded', value: 'yes' } }] },
      include_subgraph_errors: true,
    });
    expect(result).toEqual({ applied: ['include_subgraph_errors', 'headers'], restartRequired: [] });
    expect(await productsHeaders()).toMatchObject({ 'x-reloaded': 'yes' });
    expect(example.gateway.gateway.config.include_subgraph_errors).toBe(true);
  });

  it('reports the sections that need a restart and keeps their running values', async () => {
    const before = example.gateway.gateway.config.server;
    const result = await example.gateway.gateway.reload({
      supergraph: { sdl: example.graph.supergraphSdl },
      server: { port: 4999, body_limit: '5mb' },
    });
    expect(result.restartRequired).toEqual(['server']);
    expect(example.gateway.gateway.config.server).toEqual(before);
  });
});

describe('watchConfigFile', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-reload-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('hands over each valid new version and reports an invalid one in one line, changing nothing', async () => {
    const file = join(directory, 'gatehouse.yaml');
    await writeFile(file, 'supergraph: { file: a.graphql }\n');
    const versions: LoadedGatewayConfig[] = [];
    const errors: string[] = [];
    const watcher = watchConfigFile(
      file,
      { onChange: (loaded) => void versions.push(loaded), onError: (error) => void errors.push(error.message) },
      { debounceMs: 20 },
    );
    try {
      await writeFile(file, 'supergraph: { file: a.graphql }\nlog_level: debug\n');
      await waitFor(() => versions.length === 1, { what: 'the new version' });
      expect(versions[0]?.config.log_level).toBe('debug');
      await writeFile(file, 'supergraph: { file: a.graphql }\nlog_level: loud\n');
      await waitFor(() => errors.length === 1, { what: 'the rejection' });
      expect(errors[0]).toMatch(/gatehouse\.yaml: log_level: /);
      expect(versions).toHaveLength(1);
    } finally {
      watcher.close();
    }
  });

  it('sees a Kubernetes ConfigMap update, which swaps the ..data link and never touches the file name', async () => {
    const volume = await configMapVolume(await mkdtemp(join(directory, 'configmap-')), {
      'gatehouse.yaml': 'supergraph: { file: a.graphql }\n',
    });
    const versions: LoadedGatewayConfig[] = [];
    const watcher = watchConfigFile(
      volume.path('gatehouse.yaml'),
      { onChange: (loaded) => void versions.push(loaded), onError: () => undefined },
      { debounceMs: 20 },
    );
    try {
      await volume.update({ 'gatehouse.yaml': 'supergraph: { file: a.graphql }\nlog_level: warn\n' });
      await waitFor(() => versions.length >= 1, { what: 'the ConfigMap update' });
      expect(versions.at(-1)?.config.log_level).toBe('warn');
    } finally {
      watcher.close();
    }
  });
});
