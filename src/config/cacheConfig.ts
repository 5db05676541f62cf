// `cache:` — the per-document work the gateway keeps: parsed and validated documents, and query
// plans. Each is an LRU bounded both in entries and in (approximate) memory.
import { z } from 'zod';

const boundsSchema = (what: string) =>
  z.strictObject({
    max_entries: z.number().int().min(1).default(10_000).describe(`Most ${what} kept.`),
    max_mb: z.number().positive().default(30).describe(`Most memory the ${what} may take, in MiB (approximated by their JSON size).`),
  });

const documentsSchema = boundsSchema('parsed and validated documents');
const queryPlansSchema = boundsSchema('query plans');

export const cacheConfigSchema = z.strictObject({
  documents: documentsSchema
    .default(documentsSchema.parse({}))
    .describe('Documents by hash: a repeated document skips parsing and validation (limits included).'),
  query_plans: queryPlansSchema
    .default(queryPlansSchema.parse({}))
    .describe('Query plans by operation: a repeated operation is planned once.'),
});

export type CacheBounds = z.output<typeof documentsSchema>;
export type CacheConfig = z.output<typeof cacheConfigSchema>;
