// Turns raw config (from code or a YAML file) into a typed GatewayConfig, or one line naming the bad key.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { describeConfigIssue, suggestKnownKeys } from './describeConfigIssue.ts';
import { MissingEnvironmentVariableError } from './expandEnvironment.ts';
import { expandEnvironmentInYaml } from './expandEnvironmentInYaml.ts';
import { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema } from './gatewayConfig.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseGatewayConfig(raw: unknown, source = 'config'): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(raw, { reportInput: true, error: suggestKnownKeys });
  if (parsed.success) return parsed.data;
  // A mistyped key (`supergraf:`) also makes the right one missing: the unknown key is the line to show.
  const first = parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys') ?? parsed.error.issues[0];
  throw new ConfigError(`${source}: ${first ? describeConfigIssue(first) : 'invalid'}`);
}

export interface LoadedGatewayConfig {
  /** The file's values as written (env expanded): what `createGateway` takes, with any overrides. */
  input: GatewayConfigInput;
  /** The same, validated and with defaults. */
  config: GatewayConfig;
}

export async function readGatewayConfigFile(path: string): Promise<GatewayConfig> {
  return (await loadGatewayConfigFile(path)).config;
}

/**
 * Reads and validates a config file. `given` holds what the command line gives (e.g. the supergraph of
 * `--supergraph FILE`): the file may leave those keys out, and is validated with them filled in.
 */
export async function loadGatewayConfigFile(path: string, given: Partial<GatewayConfigInput> = {}): Promise<LoadedGatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : (code ?? String(error))}`);
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(`${path}: not valid YAML: ${document.errors[0]?.message.split('\n')[0]?.replace(/:$/, '')}`);
  }
  try {
    expandEnvironmentInYaml(document, path);
  } catch (error) {
    if (error instanceof MissingEnvironmentVariableError) throw new ConfigError(error.message);
    throw error;
  }
  const input = (document.toJS() ?? {}) as GatewayConfigInput;
  return { input, config: parseGatewayConfig({ ...input, ...given }, path) };
}
