// `gatehouse explain`: what the gateway would do with an operation, offline — limits, cost, the rules
// that remove fields, and the query plan — for the supergraph a config serves, calling no subgraph.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { ANONYMOUS, type Principal, principalFromClaims } from '../../auth/index.ts';
import { loadPermissionsModule, type Permissions, RuleTreeError } from '../../authz/index.ts';
import { composeSupergraphConfig } from '../../compose/index.ts';
import { ConfigError, type GatewayConfig, loadGatewayConfigFile } from '../../config/index.ts';
import { explainOffline, InvalidOperationError } from '../../explain/explainOffline.ts';
import { formatExplainReport } from '../../explain/formatExplainReport.ts';
import { RegistryClient } from '../../registry/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

const USAGE = `gatehouse explain --config gatehouse.yaml --query q.graphql [--operation NAME] [--variables v.json]
                  [--token JWT | --sub ID [--scope S]... [--role R]...] [--format plain|json]

Prints what the gateway would do with the operation for this caller: each limit's measured value and
limit, the cost estimate and the fields that weigh most, the fields its rules remove (with the rule and
where it is written), the rules decided per object at run time, and the query plan's fetches per subgraph.
No subgraph is called. --token is decoded (not verified) with the config's scope and role claims; --sub
makes a signed-in caller; neither: anonymous.`;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`error: cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function servedSupergraph(config: GatewayConfig): Promise<string> {
  const { file, compose, sdl, registry } = config.supergraph;
  if (sdl !== undefined) return sdl;
  if (file !== undefined) return readText(file, 'the supergraph file');
  if (compose !== undefined) return (await composeSupergraphConfig(compose)).supergraphSdl;
  if (registry === undefined) throw new CliError('error: the config names no supergraph');
  const client = new RegistryClient({
    url: registry.url,
    token: registry.token,
    timeoutMs: registry.timeout,
    graphRef: registry.graph_ref,
  });
  return (await client.latestSupergraph()).supergraphSdl;
}

function callerOf(values: { token?: string; sub?: string; scope?: string[]; role?: string[] }, config: GatewayConfig): Principal {
  if (values.token) {
    let claims: ReturnType<typeof decodeJwt>;
    try {
      claims = decodeJwt(values.token);
    } catch {
      throw new CliError('error: --token is not a JWT (three base64url parts separated by dots)', EXIT_USAGE);
    }
    return principalFromClaims(claims, {
      scopeClaims: config.auth?.scope_claims ?? ['scope', 'scp'],
      roleClaims: config.auth?.role_claims ?? ['roles'],
    });
  }
  if (values.sub === undefined && !values.scope?.length && !values.role?.length) return ANONYMOUS;
  const claims = { ...(values.sub === undefined ? {} : { sub: values.sub }) };
  return { authenticated: true, subject: values.sub, scopes: values.scope ?? [], roles: values.role ?? [], claims };
}

export const explainCommand: Command = {
  name: 'explain',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c' },
        query: { type: 'string', short: 'q' },
        operation: { type: 'string' },
        variables: { type: 'string' },
        token: { type: 'string' },
        sub: { type: 'string' },
        scope: { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        format: { type: 'string' },
      },
      strict: true,
    });
    if (!values.config || !values.query) throw new CliError(`error: --config and --query are required\n\nUsage: ${USAGE}`, EXIT_USAGE);
    const format = values.format ?? 'plain';
    if (format !== 'plain' && format !== 'json') throw new CliError(`error: --format is plain or json, got "${format}"`, EXIT_USAGE);
    let config: GatewayConfig;
    try {
      config = (await loadGatewayConfigFile(values.config)).config;
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
      throw error;
    }
    const query = await readText(values.query, 'the query');
    let variables: Record<string, unknown> | undefined;
    if (values.variables) {
      try {
        variables = JSON.parse(await readText(values.variables, 'the variables')) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`error: --variables ${values.variables} is not JSON: ${(error as Error).message}`);
      }
    }
    let permissions: Permissions | undefined;
    try {
      permissions = config.authorization?.rules ? await loadPermissionsModule(config.authorization.rules) : undefined;
    } catch (error) {
      if (error instanceof RuleTreeError) throw new CliError(`error: ${error.message}`);
      throw error;
    }
    try {
      const { report, refusal } = await explainOffline({
        config,
        supergraphSdl: await servedSupergraph(config),
        permissions,
        query,
        operationName: values.operation,
        variables,
        principal: callerOf(values, config),
      });
      io.stdout(format === 'json' ? JSON.stringify({ explain: report, refusal }, null, 2) : formatExplainReport(report, refusal));
    } catch (error) {
      if (error instanceof InvalidOperationError) throw new CliError(`error: ${values.query}: ${error.message}`);
      throw error;
    }
  },
};
