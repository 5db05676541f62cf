// The zod schemas of the registry API's inputs: route params, query strings and bodies.
import { z } from 'zod';

export const SUBGRAPH_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const subgraphParams = z.strictObject({
  name: z.string().regex(SUBGRAPH_NAME, 'a subgraph name is a letter, then letters, digits, _ and - (at most 64)'),
});

const schemaText = z
  .string()
  .min(1, 'the schema is empty')
  .max(8 * 1024 * 1024);
const routingUrl = z.url({ protocol: /^https?$/ }).max(2048);

const allowNewlyExposedFields = z
  .boolean()
  .default(false)
  .describe(
    "Pass although fields become readable by anonymous callers through a '*', type or fallback rule (with the registry's --rules).",
  );

export const publishBody = z.strictObject({
  schema: schemaText.describe("The subgraph's SDL."),
  routingUrl: routingUrl.optional().describe('Where the gateway sends its queries; required on the first publish.'),
  allowNewlyExposedFields,
});

export const checkBody = z.strictObject({
  schema: schemaText,
  routingUrl: routingUrl.optional(),
  allowBreakingChanges: z.boolean().default(false).describe('Pass despite breaking changes (composition errors still fail).'),
  allowNewlyExposedFields,
});

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const deleteQuery = z.strictObject({ dryRun: booleanQuery.default(false) });

const version = z.coerce.number().int().min(1);

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: version.optional(),
});

export const versionParams = z.strictObject({ version });

export const diffQuery = z.strictObject({ from: version, to: version });

export const rollbackBody = z.strictObject({ version: z.number().int().min(1) });

export const tokenBody = z
  .strictObject({
    name: z.string().min(1).max(200),
    role: z.enum(['admin', 'subgraph', 'readonly']),
    subgraph: z.string().regex(SUBGRAPH_NAME).optional(),
  })
  .refine((token) => (token.role === 'subgraph') === (token.subgraph !== undefined), {
    message: 'a subgraph token names its subgraph; admin and readonly tokens name none',
    path: ['subgraph'],
  });

export const tokenParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a token id is 16 hex digits') });
