// What every registry command shares: finding the registry and the token (flags, then environment),
// reading `--schema FILE` or `--schema -` (stdin), and turning the registry's answers into output and
// exit codes — human text with colour, or rover's `--format json` envelope for CI.
import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { RegistryClient, RegistryRequestError, RegistryUnreachableError } from '../../registry/client/index.ts';
import { DEFAULT_GRAPH_REF, formatGraphRef } from '../../registry/graphRef.ts';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cliError.ts';
import type { CommandIO } from '../commands/command.ts';
import { colourWanted, type TerminalStyle, terminalStyle } from './terminalStyle.ts';

/** The registry could not be reached: not the schema's fault, so CI can tell the two apart. */
export const EXIT_REGISTRY_UNREACHABLE = 3;

/** parseArgs options every registry client command takes. */
const REGISTRY_CLIENT_OPTIONS = {
  registry: { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string' },
} as const;

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** Parses a registry command's arguments: its own options plus --registry, --token and --format. */
export function parseRegistryArgs<const Options extends ParseArgsOptions>(
  args: string[],
  options: Options,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof REGISTRY_CLIENT_OPTIONS & Options; allowPositionals: true; strict: true }>
> {
  return parseArgs({ args, options: { ...REGISTRY_CLIENT_OPTIONS, ...options }, allowPositionals: true, strict: true });
}

/** The one positional argument a command takes (NAME, VERSION, …). */
export function onePositional(positionals: string[], what: string, usage: string): string {
  const [value, ...extra] = positionals;
  if (value === undefined) throw new CliError(`error: ${what} is required\n\nUsage: ${usage}`, EXIT_USAGE);
  if (extra.length > 0) throw new CliError(`error: unexpected argument "${extra[0]}"`, EXIT_USAGE);
  return value;
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new CliError(`error: unexpected argument "${positionals[0]}"`, EXIT_USAGE);
}

export interface RegistryCommandContext {
  client: RegistryClient;
  registryUrl: string;
  /** The graph variant worked on, as `graph@variant`. */
  graphRef: string;
  json: boolean;
  io: CommandIO;
  style: TerminalStyle;
}

export function registryCommandContext(
  values: { registry?: string | undefined; token?: string | undefined; format?: string | undefined; graphRef?: string | undefined },
  io: CommandIO,
  environment: NodeJS.ProcessEnv = process.env,
): RegistryCommandContext {
  const registryUrl = values.registry ?? environment.GATEHOUSE_REGISTRY_URL;
  if (!registryUrl) {
    throw new CliError('error: no registry given. Suggestion: set GATEHOUSE_REGISTRY_URL or pass --registry http://host:4001', EXIT_USAGE);
  }
  const format = values.format ?? 'plain';
  if (format !== 'plain' && format !== 'json') throw new CliError(`error: --format is "plain" or "json", got "${format}"`, EXIT_USAGE);
  const token = values.token ?? environment.GATEHOUSE_TOKEN;
  return {
    client: new RegistryClient({ url: registryUrl, token, graphRef: values.graphRef }),
    registryUrl,
    graphRef: values.graphRef ?? formatGraphRef(DEFAULT_GRAPH_REF),
    json: format === 'json',
    io,
    style: terminalStyle(format === 'plain' && colourWanted(environment)),
  };
}

/** The SDL from `--schema FILE`, or from stdin with `--schema -`. */
export async function readSchemaArgument(path: string | undefined): Promise<string> {
  if (path === undefined) throw new CliError('error: --schema <FILE> is required (use --schema - to read it from stdin)', EXIT_USAGE);
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`error: cannot read the schema file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** rover's `--format json` shape: `{ json_version, data: { …, success }, error }`. */
function jsonEnvelope(data: object, success: boolean, error: Record<string, unknown> | null): string {
  return JSON.stringify({ json_version: '1', data: { ...data, success }, error });
}

const SUGGESTIONS: Record<string, string> = {
  UNAUTHENTICATED: 'set GATEHOUSE_TOKEN or pass --token with a registry token',
  FORBIDDEN: 'use a token for this subgraph, or an admin token (`gatehouse registry token create`)',
  ROUTING_URL_REQUIRED: 'pass --routing-url with the URL the gateway should send this subgraph its queries at',
  SUBGRAPH_NOT_FOUND: 'see `gatehouse subgraph list` for the subgraphs the registry has',
  VERSION_NOT_FOUND: 'see `gatehouse supergraph history` for the versions the registry has',
  NO_SUPERGRAPH: 'publish a subgraph first: `gatehouse subgraph publish NAME --schema FILE --routing-url URL`',
};

async function describeRequestError(error: RegistryRequestError): Promise<string> {
  if (error.code === 'COMPOSITION_FAILED' && Array.isArray(error.details.compositionErrors)) {
    // Loaded only here: the compose folder brings composition's libraries, which no other answer needs.
    const { formatCompositionProblems } = await import('../../compose/index.ts');
    return formatCompositionProblems(error.details.compositionErrors as { code: string; message: string }[]);
  }
  const suggestion = SUGGESTIONS[error.code];
  return `error[${error.code}]: ${error.message}${suggestion ? `\n\n    Suggestion: ${suggestion}` : ''}`;
}

/**
 * Runs one call to the registry and prints its answer: `print` for humans, the JSON envelope for CI.
 * `failure` turns an answer that is not an error but still a failure (a failed check) into one.
 */
export async function runRegistryCall<T extends object>(
  context: RegistryCommandContext,
  call: () => Promise<T>,
  print: (result: T) => void,
  failure?: (result: T) => { code: string; message: string } | undefined,
): Promise<void> {
  let result: T;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof RegistryRequestError) {
      if (context.json) {
        context.io.stdout(jsonEnvelope({}, false, { code: error.code, message: error.message, ...error.details }));
        throw new CliError('', EXIT_FAILURE);
      }
      throw new CliError(await describeRequestError(error), EXIT_FAILURE);
    }
    if (error instanceof RegistryUnreachableError) {
      const message = `${error.message}. Suggestion: start it (\`gatehouse registry\`) or point GATEHOUSE_REGISTRY_URL / --registry at it`;
      if (context.json) {
        context.io.stdout(jsonEnvelope({}, false, { code: 'REGISTRY_UNREACHABLE', message }));
        throw new CliError('', EXIT_REGISTRY_UNREACHABLE);
      }
      throw new CliError(`error: ${message}`, EXIT_REGISTRY_UNREACHABLE);
    }
    throw error;
  }
  const failed = failure?.(result);
  if (context.json) context.io.stdout(jsonEnvelope(result, failed === undefined, failed ?? null));
  else print(result);
  if (failed) throw new CliError(context.json ? '' : `error[${failed.code}]: ${failed.message}`, EXIT_FAILURE);
}
