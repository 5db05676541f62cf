// Document size: the `query` string's length in UTF-8 bytes, checked before anything else reads it.
import { maxBytesExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

export function measureBytes(source: string): number {
  return Buffer.byteLength(source, 'utf8');
}

export const MaxBytesRule: LimitRule = {
  limit: 'max_bytes',
  measured: 'bytes',
  maximum: 'maxBytes',
  error: maxBytesExceeded,
  describe: (value, max) => `The document is ${value} bytes; the limit is ${max}.`,
};
