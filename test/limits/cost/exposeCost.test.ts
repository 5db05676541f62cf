import { describe, expect, it } from 'vitest';
import { limitedGateway } from '../support/limitedGateway.ts';

// users @listSize(assumedSize: 6), each User.reviews @listSize(assumedSize: 2): 6 × (1 + 2 × 1) = 18.
const QUERY = '{ users { id reviews { id } } }';

describe('limits.cost.expose: the estimated cost in the response', () => {
  describe('when on, without max_cost', () => {
    const limited = limitedGateway({ limits: { cost: { expose: true } } });

    it('adds extensions.cost with the estimate', async () => {
      const response = await limited.post({ query: QUERY });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.extensions).toEqual({ cost: { estimated: 18 } });
    });
  });

  describe('when on, with a max_cost', () => {
    const limited = limitedGateway({ limits: { max_cost: 100, cost: { expose: true } } });

    it('adds the estimate and the limit it is held to', async () => {
      const response = await limited.post({ query: QUERY });
      expect(response.body.extensions).toEqual({ cost: { estimated: 18, max: 100 } });
    });
  });

  describe('by default', () => {
    const limited = limitedGateway();

    it('adds nothing to the response', async () => {
      const response = await limited.post({ query: QUERY });
      expect(response.body.data).toBeDefined();
      expect(response.body).not.toHaveProperty('extensions');
    });
  });
});
