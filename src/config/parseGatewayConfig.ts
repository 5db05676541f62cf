// Turns raw config (from code or a YAML file) into a typed GatewayConfig, or one line naming the bad key.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { expandEnvironmentReferences } from './expandEnvironment.ts';
import { type GatewayConfig, gatewayConfigSchema } from './gatewayConfig.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
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

export async function readGatewayConfigFile(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let expanded: string;
  try {
    expanded = expandEnvironmentReferences(text, path);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const document = parseDocument(expanded, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(`${path}: not valid YAML: ${document.errors[0]?.message.split('\n')[0]}`);
  }
  return parseGatewayConfig(document.toJS() ?? {}, path);
}
