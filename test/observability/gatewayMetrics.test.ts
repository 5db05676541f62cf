import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/observability/gatewayMetrics.ts';

describe('GatewayMetrics', () => {
  it('records estimated cost by operation name, with names past the 500th counted as (other)', async () => {
    const metrics = new GatewayMetrics();
    for (let index = 0; index < 500; index++) metrics.observeCost(`Op${index}`, 10);
    metrics.observeCost('Op0', 30_000);
    metrics.observeCost('OneTooMany', 5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gatehouse_operation_cost_count{operation="Op0"} 2');
    expect(text).toContain('gatehouse_operation_cost_sum{operation="Op0"} 30010');
    expect(text).toContain('gatehouse_operation_cost_bucket{le="50000",operation="Op0"} 2');
    expect(text).toContain('gatehouse_operation_cost_count{operation="(other)"} 1');
    expect(text).not.toContain('OneTooMany');
  });
});
