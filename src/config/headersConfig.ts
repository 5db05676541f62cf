// `headers:` — which headers reach the subgraphs. Nothing from the client is forwarded unless a rule
// says so; rules run in order, first those under `all`, then the subgraph's own.
import { z } from 'zod';

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name')
  .transform((name) => name.toLowerCase());

const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a valid regular expression' },
);

const propagateRule = z.strictObject({
  propagate: z.union([
    z.strictObject({
      named: headerName.describe("The client's header to forward."),
      rename: headerName.optional().describe('Send it to the subgraph under this name.'),
      default: z.string().optional().describe('Value to send when the client did not send the header.'),
    }),
    z.strictObject({ matching: pattern.describe('Forward every client header whose name matches this regex (case-insensitive).') }),
  ]),
});

const insertRule = z.strictObject({
  insert: z.union([
    z.strictObject({ name: headerName, value: z.string().describe('A static value.') }),
    z.strictObject({
      name: headerName,
      from_claim: z.string().min(1).describe("A claim of the caller's verified JWT, e.g. `sub` or `org.id` (dots go into objects)."),
    }),
  ]),
});

const removeRule = z.strictObject({
  remove: z.union([
    z.strictObject({ named: headerName.describe('Drop this header (set by an earlier rule).') }),
    z.strictObject({ matching: pattern.describe('Drop every header whose name matches this regex.') }),
  ]),
});

export const headerRuleSchema = z.union([propagateRule, insertRule, removeRule]);

export const headersConfigSchema = z.strictObject({
  all: z.array(headerRuleSchema).default([]).describe('Rules for requests to every subgraph.'),
  subgraphs: z.record(z.string(), z.array(headerRuleSchema)).default({}).describe('Rules for one subgraph, by name, run after `all`.'),
});

export type HeaderRule = z.output<typeof headerRuleSchema>;
export type HeadersConfig = z.output<typeof headersConfigSchema>;
