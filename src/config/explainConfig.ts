// `explain:` — who may ask for `extensions.explain` (the rule, limit, cost, budget and plan behind an answer).
import { z } from 'zod';

export const explainConfigSchema = z.strictObject({
  header: z
    .string()
    .min(1)
    .default('gatehouse-explain')
    .describe(
      'The request header that asks for an explanation (`gatehouse-explain: 1`); `extensions: { explain: true }` in the body works too.',
    ),
  allow: z
    .strictObject({
      anyone: z.boolean().default(false).describe('Every caller, anonymous ones included (the demo; never in production).'),
      roles: z.array(z.string().min(1)).default([]).describe('Callers with any of these roles.'),
      scopes: z.array(z.string().min(1)).default([]).describe('Callers with any of these scopes.'),
      claims: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .default({})
        .describe('Callers whose token has any of these claims (or dotted paths) with this value (or, for an array claim, containing it).'),
    })
    .prefault({})
    .describe('Who may see explanations; anyone else gets the usual answer and the header is ignored. By default nobody.'),
});

export type ExplainConfig = z.output<typeof explainConfigSchema>;
