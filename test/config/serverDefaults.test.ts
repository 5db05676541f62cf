import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config/index.ts';

describe('server defaults', () => {
  it('run one worker per core unless told otherwise', () => {
    expect(parseGatewayConfig({ supergraph: { sdl: 'x' } }).server.workers).toBe('auto');
    expect(parseGatewayConfig({ supergraph: { sdl: 'x' }, server: { workers: 3 } }).server.workers).toBe(3);
  });
});
