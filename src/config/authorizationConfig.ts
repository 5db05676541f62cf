// `authorization:` — who may read which field: the graphql-shield rule module, the supergraph's own
// @authenticated / @requiresScopes / @policy directives, and what each @policy name requires.
import { z } from 'zod';

export const policyConfigSchema = z.strictObject({
  authenticated: z.boolean().default(false).describe('The caller must have sent a valid token.'),
  scopes: z.array(z.string().min(1)).default([]).describe('Scopes the caller must all have.'),
  roles: z.array(z.string().min(1)).default([]).describe('Roles the caller must all have.'),
  claims: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .describe('Claims (or dotted paths) that must equal (or, for an array claim, contain) the given value.'),
});

export const authorizationConfigSchema = z.strictObject({
  rules: z
    .string()
    .min(1)
    .optional()
    .describe('A TypeScript/JavaScript module (path relative to the working directory) whose default export is `definePermissions(...)`.'),
  mode: z
    .enum(['enforce', 'dry_run'])
    .default('enforce')
    .describe(
      '`dry_run`: nothing is denied or removed; each request that would have had a denial logs one line (paths and rule names), and metrics and explain show it. Turn a new rule tree on this way, then enforce.',
    ),
  enforce_directives: z
    .boolean()
    .default(true)
    .describe("Enforce the supergraph's @authenticated, @requiresScopes and @policy directives as rules."),
  policies: z
    .record(z.string(), policyConfigSchema)
    .default({})
    .describe('What each `@policy` name requires; a name neither here nor in the rule module denies.'),
});

export type PolicyConfig = z.output<typeof policyConfigSchema>;
export type AuthorizationConfig = z.output<typeof authorizationConfigSchema>;
export type AuthorizationConfigInput = z.input<typeof authorizationConfigSchema>;
