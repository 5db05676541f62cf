// rover's supergraph.yaml: parsed, `${env.NAME}`-expanded and validated into a typed config.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { knownKeySuggestion, suggestKnownKeys } from '../config/describeConfigIssue.ts';
import { expandEnvironmentReferences, MissingEnvironmentVariableError } from '../config/expandEnvironment.ts';
import { SupergraphConfigError } from './errors.ts';

const subgraphSchemaSource = z.union([
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ sdl: z.string() }),
  z.strictObject({
    subgraph_url: z.url(),
    introspection_headers: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({ graphref: z.string().min(1), subgraph: z.string().min(1) }),
]);

const subgraphConfig = z.strictObject({
  routing_url: z.string().optional(),
  schema: subgraphSchemaSource,
});

const supergraphConfigSchema = z.strictObject({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a subgraph name is letters, digits, _ and -'), subgraphConfig),
});

export type SubgraphSchemaSource = z.infer<typeof subgraphSchemaSource>;
export type SubgraphConfig = z.infer<typeof subgraphConfig>;

export interface SupergraphConfig {
  /** e.g. `=2.14.4` or `2`; undefined means "the installed composition". */
  federationVersion: string | undefined;
  subgraphs: Record<string, SubgraphConfig>;
  /** Directory that relative `schema.file` paths are resolved against. */
  baseDirectory: string;
}

/** Turns zod's first issue into one line naming the key path, like `subgraphs.products.schema: …`. */
function describeIssue(error: z.ZodError): { path: string; subgraph: string | undefined; message: string } {
  // A mistyped key (`schemaa:`) also makes the right one missing: the unknown key is the line to show.
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return { path: '', subgraph: undefined, message: 'invalid config' };
  const path = issue.path.map(String).join('.');
  const subgraph = issue.path[0] === 'subgraphs' && issue.path[1] !== undefined ? String(issue.path[1]) : undefined;
  if (issue.code === 'unrecognized_keys') {
    return { path, subgraph, message: `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')}${knownKeySuggestion(issue)}` };
  }
  if (issue.code === 'invalid_union' && path.endsWith('schema')) {
    // A key every kind of schema source refuses is a typo (`files:`): name it.
    const unknownKeysIn = (branch: readonly z.core.$ZodIssue[]) =>
      branch.filter(
        (branchIssue): branchIssue is z.core.$ZodIssueUnrecognizedKeys =>
          branchIssue.code === 'unrecognized_keys' && branchIssue.path.length === 0,
      );
    const [first = [], ...rest] = issue.errors.map((branch) => unknownKeysIn(branch).flatMap((branchIssue) => branchIssue.keys));
    const typos = first.filter((key) => rest.every((keys) => keys.includes(key)));
    // The one kind of source whose keys the typo is close to suggests the key (`files` → "file").
    const suggestion = issue.errors.flatMap(unknownKeysIn).map(knownKeySuggestion).find(Boolean) ?? '';
    const accepted = 'expected exactly one of schema.file, schema.sdl, schema.subgraph_url or schema.graphref';
    return {
      path,
      subgraph,
      message: typos.length ? `unknown key ${typos.map((key) => `"${key}"`).join(', ')}${suggestion}; ${accepted}` : accepted,
    };
  }
  return { path, subgraph, message: issue.message };
}

export function parseSupergraphConfig(text: string, baseDirectory: string, source = 'supergraph config'): SupergraphConfig {
  let expanded: string;
  try {
    expanded = expandEnvironmentReferences(text, source);
  } catch (error) {
    if (error instanceof MissingEnvironmentVariableError) throw new SupergraphConfigError(error.message);
    throw error;
  }
  const document = parseDocument(expanded, { uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new SupergraphConfigError(`${source}: not valid YAML: ${first?.message.split('\n')[0]}`);
  }
  const parsed = supergraphConfigSchema.safeParse(document.toJS(), { error: suggestKnownKeys });
  if (!parsed.success) {
    const { path, subgraph, message } = describeIssue(parsed.error);
    throw new SupergraphConfigError(`${source}: ${path ? `${path}: ` : ''}${message}`, subgraph);
  }
  const version = parsed.data.federation_version;
  return {
    federationVersion: version === undefined ? undefined : String(version),
    subgraphs: parsed.data.subgraphs,
    baseDirectory,
  };
}

export async function readSupergraphConfig(path: string): Promise<SupergraphConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SupergraphConfigError(`cannot read supergraph config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSupergraphConfig(text, dirname(resolve(path)), path);
}
