// `gatehouse registry`: runs the schema registry (embedded store by default, PostgreSQL with
// --database-url), and `gatehouse registry token …` / `audit-log` administer a running one.
import { parseArgs } from 'node:util';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import { printRunningRegistry } from '../registry/printRunningRegistry.ts';
import {
  noPositionals,
  onePositional,
  parseRegistryArgs,
  registryCommandContext,
  runRegistryCall,
} from '../registry/registryCommandContext.ts';
import { formatTable } from '../registry/terminalStyle.ts';
import type { Command, CommandIO } from './command.ts';

const USAGE = `gatehouse registry [--port 4001] [--host 127.0.0.1] [--database-url URL | --data-dir DIR]
                   [--admin-token TOKEN] [--seed supergraph.yaml] [--usage-window-days 7] [--ignore-unused-breaking-changes]
                   [--rules [GRAPH_REF=]permissions.ts|gatehouse.yaml …] [--allow-newly-exposed]
gatehouse registry token create --name NAME --role admin|subgraph|readonly [--subgraph NAME]
gatehouse registry token list
gatehouse registry token revoke ID
gatehouse registry audit-log [--limit N]

Runs the registry: PostgreSQL when --database-url (or DATABASE_URL) is set, else the embedded store in
--data-dir (default .gatehouse/registry). It listens on --host and --port, else HOST and PORT (as in a
container), else 127.0.0.1:4001. The admin token is --admin-token or GATEHOUSE_ADMIN_TOKEN,
else one is generated and printed. The token and audit-log actions talk to a running registry
(GATEHOUSE_REGISTRY_URL or --registry, with an admin token in GATEHOUSE_TOKEN or --token).`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new CliError(`error: ${name} must be a whole number, got "${value}"`, EXIT_USAGE);
  return number;
}

/** `--rules shop@prod=./p.ts` for one variant, `--rules ./p.ts` for every variant without its own. */
function rulesByRef(values: readonly string[]): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    rules[equals === -1 ? '*' : value.slice(0, equals)] = equals === -1 ? value : value.slice(equals + 1);
  }
  return rules;
}

/** Where each registry option comes from on the command line, for errors. */
const OPTION_SOURCES: Record<string, string> = {
  host: '--host (or HOST)',
  port: '--port (or PORT)',
  database_url: '--database-url (or DATABASE_URL)',
  data_dir: '--data-dir',
  admin_token: '--admin-token (or GATEHOUSE_ADMIN_TOKEN)',
  usage_window_days: '--usage-window-days',
};

async function serve(args: string[], io: CommandIO) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'admin-token': { type: 'string' },
      seed: { type: 'string' },
      'usage-window-days': { type: 'string' },
      'ignore-unused-breaking-changes': { type: 'boolean' },
      rules: { type: 'string', multiple: true },
      'allow-newly-exposed': { type: 'boolean' },
    },
    strict: true,
  });
  // Loaded here, not for the token and audit-log actions, which only talk to a running registry.
  const [
    { describeConfigIssue },
    { registryServerConfigSchema },
    { createLogger },
    { RegistryError, startRegistry },
    { SupergraphConfigError },
  ] = await Promise.all([
    import('../../config/index.ts'),
    import('../../config/registryConfig.ts'),
    import('../../observability/index.ts'),
    import('../../registry/index.ts'),
    import('../../compose/index.ts'),
  ]);
  const parsed = registryServerConfigSchema.safeParse(
    {
      host: values.host ?? (process.env.HOST || undefined),
      port: values.port !== undefined ? numberOption(values.port, '--port') : numberOption(process.env.PORT || undefined, 'PORT'),
      database_url: values['database-url'] ?? (process.env.DATABASE_URL || undefined),
      data_dir: values['data-dir'],
      admin_token: values['admin-token'] ?? (process.env.GATEHOUSE_ADMIN_TOKEN || undefined),
      usage_window_days: numberOption(values['usage-window-days'], '--usage-window-days'),
      fail_on_unused_breaking_changes: values['ignore-unused-breaking-changes'] ? false : undefined,
      rules: rulesByRef(values.rules ?? []),
      allow_newly_exposed_fields: values['allow-newly-exposed'] ? true : undefined,
    },
    { reportInput: true },
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const line = issue ? describeConfigIssue(issue) : 'invalid options';
    const key = String(issue?.path[0] ?? '');
    throw new CliError(`error: the registry could not start: ${OPTION_SOURCES[key] ? line.replace(key, OPTION_SOURCES[key]) : line}`);
  }
  let running: Awaited<ReturnType<typeof startRegistry>>;
  try {
    running = await startRegistry({ ...parsed.data, logger: createLogger(), ...(values.seed ? { seedFrom: values.seed } : {}) });
  } catch (error) {
    if (error instanceof SupergraphConfigError || error instanceof RegistryError) throw new CliError(`error: ${error.message}`);
    throw new CliError(`error: the registry could not start: ${(error as Error).message}`);
  }
  printRunningRegistry(running, io, values.seed);
  await new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      io.stderr(`${signal}: shutting down the registry`);
      await running.close();
      resolve();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}

async function token(args: string[], io: CommandIO) {
  const [action, ...rest] = args;
  if (action === 'create') {
    const { values, positionals } = parseRegistryArgs(rest, {
      name: { type: 'string' },
      role: { type: 'string' },
      subgraph: { type: 'string' },
    });
    noPositionals(positionals);
    const role = values.role;
    if (!values.name || (role !== 'admin' && role !== 'subgraph' && role !== 'readonly')) {
      throw new CliError(`error: --name and --role admin|subgraph|readonly are required\n\nUsage: ${USAGE}`, EXIT_USAGE);
    }
    const context = registryCommandContext(values, io);
    const { name, subgraph } = values;
    await runRegistryCall(
      context,
      () => context.client.createToken({ name, role, subgraph }),
      (created) => {
        io.stderr(`Created ${created.info.role} token ${created.info.id} (${created.info.name}). It is shown once; store it now.`);
        io.stdout(created.token);
      },
    );
    return;
  }
  if (action === 'list') {
    const { values, positionals } = parseRegistryArgs(rest, {});
    noPositionals(positionals);
    const context = registryCommandContext(values, io);
    await runRegistryCall(
      context,
      () => context.client.listTokens(),
      ({ tokens }) =>
        io.stdout(
          formatTable(
            ['Id', 'Name', 'Role', 'Subgraph', 'Created', 'Revoked'],
            tokens.map((entry) => [entry.id, entry.name, entry.role, entry.subgraph ?? '', entry.createdAt, entry.revokedAt ?? '']),
          ),
        ),
    );
    return;
  }
  if (action === 'revoke') {
    const { values, positionals } = parseRegistryArgs(rest, {});
    const id = onePositional(positionals, 'the token ID', USAGE);
    const context = registryCommandContext(values, io);
    await runRegistryCall(
      context,
      async () => {
        await context.client.revokeToken(id);
        return { revoked: id };
      },
      () => io.stdout(`Token ${id} was revoked.`),
    );
    return;
  }
  throw new CliError(`error: unknown token action "${action ?? ''}"\n\nUsage: ${USAGE}`, EXIT_USAGE);
}

async function auditLog(args: string[], io: CommandIO) {
  const { values, positionals } = parseRegistryArgs(args, { limit: { type: 'string' } });
  noPositionals(positionals);
  const context = registryCommandContext(values, io);
  const limit = numberOption(values.limit, '--limit');
  await runRegistryCall(
    context,
    () => context.client.auditLog({ limit }),
    ({ entries }) =>
      io.stdout(
        formatTable(
          ['When', 'Actor', 'Action', 'Subgraph', 'Outcome', 'Detail'],
          entries.map((entry) => [entry.at, entry.actor, entry.action, entry.subgraph ?? '', entry.outcome, JSON.stringify(entry.detail)]),
        ),
      ),
  );
}

export const registryCommand: Command = {
  name: 'registry',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'token') return token(rest, io);
    if (action === 'audit-log') return auditLog(rest, io);
    if (action === undefined || action.startsWith('-')) return serve(args, io);
    throw new CliError(`error: unknown action "${action}"\n\nUsage: ${USAGE}`, EXIT_USAGE);
  },
};
