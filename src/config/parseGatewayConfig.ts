// Turns raw config (from code or a YAML file) into a typed GatewayConfig, or one line naming the bad key.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { MissingEnvironmentVariableError } from './expandEnvironment.ts';
import { expandEnvironmentInYaml } from './expandEnvironmentInYaml.ts';
import { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema } from './gatewayConfig.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Of a union's failed branches, the one the value was meant for: the branch with no unknown key at its root. */
function closestBranchIssue(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue | undefined {
  const unknownAtRoot = (branchIssue: z.core.$ZodIssue) => branchIssue.code === 'unrecognized_keys' && branchIssue.path.length === 0;
  const meant = issue.errors.find((branch) => !branch.some(unknownAtRoot));
  const chosen = meant?.[0] ?? issue.errors.flat().find(unknownAtRoot);
  return chosen ? { ...chosen, path: [...issue.path, ...chosen.path] } : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') {
    const closest = closestBranchIssue(issue);
    if (closest) return describeIssue(closest);
  }
  const path = joinPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
    return `unknown key ${keys.join(', ')}`;
  }
  return `${path || '(root)'}: ${issue.message}`;
}

export function parseGatewayConfig(raw: unknown, source = 'config'): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new ConfigError(`${source}: ${first ? describeIssue(first) : 'invalid'}`);
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

export async function loadGatewayConfigFile(path: string): Promise<LoadedGatewayConfig> {
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
  return { input, config: parseGatewayConfig(input, path) };
}
