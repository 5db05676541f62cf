import { describe, expect, it } from 'vitest';
import { expectRefused, limitedGateway } from './support/limitedGateway.ts';

const ONE = { query: '{ me { id } }' };

describe('batchGuard: batched requests', () => {
  describe('by default (batching off)', () => {
    const limited = limitedGateway();

    it('refuses a batch with BATCHING_DISABLED and 400, and asks no subgraph', async () => {
      expectRefused(await limited.post([ONE, ONE]), limited.graph, { status: 400, code: 'BATCHING_DISABLED' });
    });
  });

  describe('with batching on and max_size: 3', () => {
    const limited = limitedGateway({ batching: { enabled: true, max_size: 3 }, limits: { max_depth: 2 } });

    it('serves a batch of 3 operations, one answer each', async () => {
      const response = await limited.post([ONE, ONE, { query: '{ topProducts(first: 1) { name } }' }]);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { data: { me: { id: '1' } } },
        { data: { me: { id: '1' } } },
        { data: { topProducts: [{ name: 'Table' }] } },
      ]);
    });

    it('refuses a batch of 4 with MAX_BATCH_SIZE_EXCEEDED, 400, its size and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post([ONE, ONE, ONE, ONE]), limited.graph, {
        status: 400,
        code: 'MAX_BATCH_SIZE_EXCEEDED',
        values: { batchSize: 4, maxBatchSize: 3 },
      });
    });

    it('checks every operation of a batch: one over a limit refuses the whole batch before any runs', async () => {
      expectRefused(await limited.post([ONE, { query: '{ users { reviews { product { name } } } }' }]), limited.graph, {
        status: 400,
        code: 'MAX_DEPTH_EXCEEDED',
        values: { depth: 3, maxDepth: 2 },
      });
    });
  });
});
