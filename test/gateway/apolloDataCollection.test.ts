import { afterAll, describe, expect, it } from 'vitest';
import { useExampleGateway } from '../support/exampleGraph.ts';

describe('the gateway calls no one but its subgraphs', () => {
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  afterAll(() => {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  });
  const graph = useExampleGateway();

  it("turns off @apollo/gateway's data collection (usage sent to Apollo, cloud metadata probes) unless the environment asks for it", async () => {
    expect(graph.gateway).toBeDefined();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
