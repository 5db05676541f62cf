import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../src/limits/scanDocument.ts';
import { expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

describe('MaxTokensRule: lexical tokens, counted before parsing', () => {
  it('counts tokens as graphql-js does, comments excluded', () => {
    expect(scanDocument('{ me { name } }', 100)).toMatchObject({ tokens: 6, malformed: false });
    expect(scanDocument('# a comment\n{ me { name } } # another', 100).tokens).toBe(6);
  });

  it('stops one token past the limit: a 1 MB document of `{a{a{a…` is not lexed, let alone parsed, in full', () => {
    const huge = '{a'.repeat(512 * 1024);
    const started = performance.now();
    const scan = scanDocument(huge, 15_000);
    expect(scan.tokens).toBe(15_001);
    // The count proves lexing stopped; the bound only catches a hang.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reports a lexical error as malformed, leaving the message to the parser', () => {
    expect(scanDocument('{ me(name: "unterminated) }', 100).malformed).toBe(true);
  });

  describe('through the gateway with max_tokens: 6', () => {
    const limited = limitedGateway({ limits: { max_tokens: 6 } });

    it('serves a document of 6 tokens', async () => {
      expectServed(await limited.post({ query: '{ me { name } }' }));
    });

    it('refuses one of 7 with MAX_TOKENS_EXCEEDED, 400, the count and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: '{ me { name id } }' }), limited.graph, {
        status: 400,
        code: 'MAX_TOKENS_EXCEEDED',
        values: { tokens: 7, maxTokens: 6 },
      });
    });
  });
});
