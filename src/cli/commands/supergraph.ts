// `gatehouse supergraph …`: the registry's supergraph — fetch it, list its history, diff two
// versions, roll back to an earlier one (itself a new version).
import type { SupergraphDiff, Wire } from '../../registry/client/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import { leadingGraphRef } from '../registry/graphRefArguments.ts';
import {
  onePositional,
  parseRegistryArgs,
  type RegistryCommandContext,
  registryCommandContext,
  runRegistryCall,
} from '../registry/registryCommandContext.ts';
import { formatTable } from '../registry/terminalStyle.ts';
import { type Command, type CommandAction, type CommandIO, commandWithActions } from './command.ts';

const USAGE = `gatehouse supergraph <action> … [--registry URL] [--token TOKEN] [--format plain|json]

  fetch [GRAPH_REF] [--version N]   the latest supergraph SDL (or version N)
  history [GRAPH_REF] [--limit N]   every version: what changed, who, when
  diff [GRAPH_REF] FROM TO          API schema changes and subgraph revisions between two versions
  rollback [GRAPH_REF] VERSION      make VERSION's supergraph current again, as a new version

GRAPH_REF is GRAPH@VARIANT, as in rover (\`shop@prod\`); without it, the registry's default variant.
The registry is GATEHOUSE_REGISTRY_URL or --registry; the token GATEHOUSE_TOKEN or --token.
Exit codes: 0 done, 1 refused/failed, 2 bad usage, 3 registry unreachable.`;

function versionNumber(value: string | undefined, what: string): number {
  const version = Number(value);
  if (value === undefined || !Number.isInteger(version) || version < 1) {
    throw new CliError(`error: ${what} must be a version number (1, 2, …), got "${value ?? ''}"\n\nUsage: ${USAGE}`, EXIT_USAGE);
  }
  return version;
}

async function fetchSupergraph(args: string[], io: CommandIO) {
  const { values, positionals } = parseRegistryArgs(args, { version: { type: 'string' } });
  const { graphRef } = leadingGraphRef(positionals, 0);
  const context = registryCommandContext({ ...values, graphRef }, io);
  const version = values.version === undefined ? undefined : versionNumber(values.version, '--version');
  await runRegistryCall(
    context,
    () => (version === undefined ? context.client.latestSupergraph() : context.client.supergraphVersion(version)),
    (supergraph) => {
      if (!context.json)
        io.stderr(`Fetched version ${supergraph.version} of ${context.graphRef} (${supergraph.subgraphs.length} subgraphs).`);
      io.stdout(supergraph.supergraphSdl.trimEnd());
    },
  );
}

async function history(args: string[], io: CommandIO) {
  const { values, positionals } = parseRegistryArgs(args, { limit: { type: 'string' } });
  const { graphRef } = leadingGraphRef(positionals, 0);
  const context = registryCommandContext({ ...values, graphRef }, io);
  const limit = values.limit === undefined ? undefined : versionNumber(values.limit, '--limit');
  await runRegistryCall(
    context,
    () => context.client.supergraphHistory({ limit }),
    ({ versions }) => {
      const what = (entry: (typeof versions)[number]) =>
        entry.action === 'rollback'
          ? `rollback to ${entry.restoredVersion}`
          : entry.subgraph
            ? `${entry.action} ${entry.subgraph}`
            : entry.action;
      io.stdout(
        formatTable(
          ['Version', 'Change', 'By', 'When', 'Subgraphs'],
          versions.map((entry) => [
            context.style('bold', String(entry.version)),
            what(entry),
            entry.actor,
            entry.createdAt,
            entry.subgraphs.map((subgraph) => `${subgraph.name}@${subgraph.revision}`).join(' '),
          ]),
        ),
      );
    },
  );
}

function printDiff(context: RegistryCommandContext, diff: Wire<SupergraphDiff>) {
  const { io, style } = context;
  io.stdout(`Version ${diff.from} → ${diff.to}`);
  for (const subgraph of diff.subgraphs.filter((entry) => entry.status !== 'unchanged')) {
    const revisions = `${subgraph.fromRevision ?? '–'} → ${subgraph.toRevision ?? '–'}`;
    io.stdout(`  subgraph ${subgraph.name}: ${subgraph.status} (revision ${revisions})`);
  }
  if (diff.changes.length === 0) return io.stdout('No changes to the API schema.');
  const colour = { breaking: 'red', dangerous: 'yellow', safe: 'green' } as const;
  io.stdout(
    formatTable(
      ['Severity', 'Code', 'Description'],
      diff.changes.map((change) => [style(colour[change.severity], change.severity.toUpperCase()), change.code, change.message]),
    ),
  );
}

async function diff(args: string[], io: CommandIO) {
  const { values, positionals } = parseRegistryArgs(args, {});
  const { graphRef, rest } = leadingGraphRef(positionals, 2);
  const [from, to] = rest;
  const context = registryCommandContext({ ...values, graphRef }, io);
  const [fromVersion, toVersion] = [versionNumber(from, 'FROM'), versionNumber(to, 'TO')];
  await runRegistryCall(
    context,
    () => context.client.diffSupergraphs(fromVersion, toVersion),
    (result) => printDiff(context, result),
  );
}

async function rollback(args: string[], io: CommandIO) {
  const { values, positionals } = parseRegistryArgs(args, {});
  const { graphRef, rest } = leadingGraphRef(positionals, 1);
  const version = versionNumber(onePositional(rest, 'the VERSION to roll back to', USAGE), 'VERSION');
  const context = registryCommandContext({ ...values, graphRef }, io);
  await runRegistryCall(
    context,
    () => context.client.rollbackSupergraph(version),
    (result) =>
      io.stdout(
        result.status === 'unchanged'
          ? `Version ${version}'s supergraph is already current (version ${result.supergraphVersion}); nothing changed.`
          : `Rolled back ${context.graphRef}: version ${result.supergraphVersion} restores version ${result.restoredVersion}'s supergraph.`,
      ),
  );
}

const ACTIONS: Record<string, CommandAction> = { fetch: fetchSupergraph, history, diff, rollback };

export const supergraphCommand: Command = commandWithActions('supergraph', USAGE, ACTIONS);
