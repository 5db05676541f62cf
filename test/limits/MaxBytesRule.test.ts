import { describe, expect, it } from 'vitest';
import { measureBytes } from '../../src/limits/MaxBytesRule.ts';
import { expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

/** `{ me { name } }` padded with a comment to exactly `bytes` UTF-8 bytes. */
function documentOf(bytes: number): string {
  const query = '{ me { name } }\n#';
  return query + 'x'.repeat(bytes - query.length);
}

describe('MaxBytesRule: the document in UTF-8 bytes', () => {
  it('counts bytes, not characters', () => {
    expect(measureBytes('{ me }')).toBe(6);
    expect(measureBytes('# é')).toBe(4);
    expect(measureBytes(documentOf(64))).toBe(64);
  });

  describe('through the gateway with max_bytes: 64', () => {
    const limited = limitedGateway({ limits: { max_bytes: 64 } });

    it('serves a 64-byte document', async () => {
      expectServed(await limited.post({ query: documentOf(64) }));
    });

    it('refuses a 65-byte document with MAX_BYTES_EXCEEDED, 400, its size and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: documentOf(65) }), limited.graph, {
        status: 400,
        code: 'MAX_BYTES_EXCEEDED',
        values: { bytes: 65, maxBytes: 64 },
      });
    });
  });
});
