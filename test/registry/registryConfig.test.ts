import { describe, expect, it } from 'vitest';
import { ConfigError, parseGatewayConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/observability/index.ts';
import { usageReportingFeaturesFor } from '../../src/registry/index.ts';

describe('the registry options of gatehouse.yaml', () => {
  it('reads supergraph.registry with durations and defaults', () => {
    const config = parseGatewayConfig({ supergraph: { registry: { url: 'http://registry:4001', token: 't', poll_interval: '2s' } } });
    expect(config.supergraph.registry).toEqual({ url: 'http://registry:4001', token: 't', poll_interval: 2000, timeout: 5000 });
    expect(config.registry.usage_reporting).toMatchObject({
      enabled: true,
      flush_interval: 10_000,
      client_name_header: 'apollographql-client-name',
    });
  });

  it('refuses a registry beside another supergraph source, and a poll faster than 10ms', () => {
    expect(() => parseGatewayConfig({ supergraph: { registry: { url: 'http://registry:4001' }, file: 'supergraph.graphql' } })).toThrow(
      'set exactly one of supergraph.file, supergraph.compose, supergraph.sdl or supergraph.registry',
    );
    expect(() => parseGatewayConfig({ supergraph: { registry: { url: 'http://registry:4001', poll_interval: 5 } } })).toThrow(ConfigError);
    expect(() => parseGatewayConfig({ supergraph: { registry: { url: 'not a url' } } })).toThrow(/supergraph\.registry\.url/);
  });

  it('reports usage only when the gateway follows a registry (or is told where to report) and it is enabled', () => {
    const following = parseGatewayConfig({ supergraph: { registry: { url: 'http://127.0.0.1:9' } } });
    const fromFile = parseGatewayConfig({ supergraph: { file: 'supergraph.graphql' } });
    const disabled = parseGatewayConfig({
      supergraph: { registry: { url: 'http://127.0.0.1:9' } },
      registry: { usage_reporting: { enabled: false } },
    });
    const toElsewhere = parseGatewayConfig({ supergraph: { file: 'x' }, registry: { usage_reporting: { url: 'http://127.0.0.1:9' } } });
    const features = [following, fromFile, disabled, toElsewhere].map((config) => usageReportingFeaturesFor(config, silentLogger));
    expect(features.map((list) => list.map((feature) => feature.name))).toEqual([
      ['registry-usage-reporting'],
      [],
      [],
      ['registry-usage-reporting'],
    ]);
    return Promise.all(features.flat().map((feature) => feature.close?.()));
  });
});
