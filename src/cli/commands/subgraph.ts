// `gatehouse subgraph …`: rover's subgraph commands against a Gatehouse registry — publish, check,
// list, fetch, delete — and `introspect`, which asks a running subgraph for its SDL.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { AuthorizationCoverage, CoveredField } from '../../authz/authorizationCoverage.ts';
import type { CheckedChange, CheckResult, DeleteResult, PublishResult, Wire } from '../../registry/client/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import { leadingGraphRef, subgraphTarget } from '../registry/graphRefArguments.ts';
import {
  parseRegistryArgs as parse,
  type RegistryCommandContext,
  readSchemaArgument,
  registryCommandContext,
  onePositional as requiredPositional,
  runRegistryCall,
} from '../registry/registryCommandContext.ts';
import { formatTable } from '../registry/terminalStyle.ts';
import { type Command, type CommandAction, type CommandIO, commandWithActions } from './command.ts';

const USAGE = `gatehouse subgraph <action> … [--registry URL] [--token TOKEN] [--format plain|json]

  publish GRAPH_REF --name NAME --schema FILE|- [--routing-url URL]   compose NAME's new schema into the supergraph
          [--allow-newly-exposed]
  check GRAPH_REF --name NAME --schema FILE|- [--allow-breaking]      dry run: composition and changes, usage-aware,
          [--allow-newly-exposed]                                     and which access rule decides each new field
  list [GRAPH_REF]                                                    the variant's subgraphs
  fetch GRAPH_REF --name NAME                                         NAME's current SDL
  delete GRAPH_REF --name NAME [--dry-run] [--confirm]                remove NAME (the others must still compose)
  introspect URL [--header "Name: value"]                             a running subgraph's SDL (_service { sdl })

GRAPH_REF is GRAPH@VARIANT, as in rover (\`shop@prod\`; \`shop\` means \`shop@current\`). Without it, write
NAME where GRAPH_REF --name NAME goes (\`publish reviews --schema …\`): the registry's default variant.
The registry is GATEHOUSE_REGISTRY_URL or --registry; the token GATEHOUSE_TOKEN or --token.
Exit codes: 0 done/passed, 1 refused/failed, 2 bad usage, 3 registry unreachable.`;

const onePositional = (positionals: string[], what: string) => requiredPositional(positionals, what, USAGE);

function printHints(context: RegistryCommandContext, hints: readonly { code: string; message: string }[]) {
  for (const hint of hints) context.io.stderr(context.style('yellow', `hint[${hint.code}]: ${hint.message}`));
}

async function publish(args: string[], io: CommandIO) {
  const { values, positionals } = parse(args, {
    name: { type: 'string' },
    schema: { type: 'string', short: 's' },
    'routing-url': { type: 'string' },
    'allow-newly-exposed': { type: 'boolean' },
  });
  const { graphRef, name } = subgraphTarget(positionals, values.name, USAGE);
  const context = registryCommandContext({ ...values, graphRef }, io);
  const schema = await readSchemaArgument(values.schema);
  if (!context.json) io.stderr(`Publishing SDL to ${context.graphRef} (subgraph: ${name}) using the registry at ${context.registryUrl}.`);
  await runRegistryCall(
    context,
    () =>
      context.client.publishSubgraph(name, {
        schema,
        routingUrl: values['routing-url'],
        allowNewlyExposedFields: values['allow-newly-exposed'] === true,
      }),
    (result: Wire<PublishResult>) => {
      const { style } = context;
      if (result.status === 'unchanged') {
        io.stdout(
          `There were no changes detected in subgraph '${name}' (revision ${result.subgraph.revision}); the supergraph stays at version ${result.supergraphVersion}.`,
        );
        return;
      }
      printHints(context, result.hints);
      if (result.authorization) printCoverage(context, result.authorization, true);
      if (result.created) io.stdout(`A new subgraph called '${name}' was created in ${context.graphRef}.`);
      io.stdout(
        result.supergraphChanged
          ? `The supergraph schema for ${context.graphRef} was updated, composed from the updated '${name}' subgraph: ${style('green', `version ${result.supergraphVersion}`)}.`
          : `Subgraph '${name}' was updated (revision ${result.subgraph.revision}); the composed supergraph did not change (version ${result.supergraphVersion}).`,
      );
    },
  );
}

function changeRow(context: RegistryCommandContext, change: Wire<CheckedChange>, breakingAllowed: boolean): string[] {
  const { style } = context;
  const verdict =
    change.severity === 'safe'
      ? style('green', 'PASS')
      : change.blocking && !breakingAllowed
        ? style('red', 'FAIL')
        : style('yellow', 'WARN');
  return [verdict, change.code, change.impact ? `${change.message} — ${change.impact}` : change.message];
}

function printCheck(context: RegistryCommandContext, result: Wire<CheckResult> & { checkId: string }) {
  const { io, style } = context;
  if (result.compositionErrors.length > 0) {
    io.stdout(style('red', `Composition failed with ${result.compositionErrors.length} error(s):`));
    for (const problem of result.compositionErrors) io.stdout(`    ${problem.code}: ${problem.message}`);
  }
  printHints(context, result.hints);
  if (result.compositionErrors.length === 0 && result.apiChanges.length === 0) {
    io.stdout('There were no changes detected in the composed API schema.');
  } else if (result.apiChanges.length > 0) {
    io.stdout(
      `Compared ${result.apiChanges.length} schema change(s) against the API schema (usage from the last ${result.usageWindowDays} days):`,
    );
    io.stdout(
      formatTable(
        ['Change', 'Code', 'Description'],
        result.apiChanges.map((change) => changeRow(context, change, result.breakingChangesAllowed)),
      ),
    );
  }
  const subgraphBreaking = result.subgraphChanges.filter((change) => change.severity === 'breaking').length;
  io.stdout(`Subgraph schema: ${result.subgraphChanges.length} change(s), ${subgraphBreaking} breaking.`);
  if (result.authorization) printCoverage(context, result.authorization, result.authorization.newlyExposedAllowed);
  if (result.passed) io.stdout(style('green', `Check passed for subgraph '${result.subgraph}'.`));
  io.stdout(`View full details at ${context.client.checkUrl(result.checkId)}`);
}

/** Which access rule decides each field the change adds (or whose access directives change), and the two cases that matter. */
function printCoverage(context: RegistryCommandContext, coverage: Wire<AuthorizationCoverage>, exposedAllowed: boolean) {
  const { io, style } = context;
  if (coverage.fields.length === 0) return io.stdout('Authorization: no field added, and no access directive changed.');
  io.stdout(`Authorization: the gateway's rules for ${coverage.fields.length} new or changed field(s):`);
  const verdict = (field: Wire<CoveredField>) =>
    field.newlyExposed
      ? style(exposedAllowed ? 'yellow' : 'red', `${exposedAllowed ? 'WARN' : 'FAIL'} newly exposed`)
      : field.unreachable
        ? style('yellow', 'WARN unreachable')
        : style('green', 'PASS');
  io.stdout(
    formatTable(
      ['Check', 'Field', 'Change', 'Decided by'],
      coverage.fields.map((field) => [
        verdict(field),
        field.field,
        field.change,
        field.decidedBy.length === 0 ? 'nothing guards it' : field.decidedBy.map((source) => `${source.at}: ${source.rule}`).join(', '),
      ]),
    ),
  );
}

function checkFailure(result: Wire<CheckResult>): { code: string; message: string } | undefined {
  if (result.passed) return undefined;
  if (result.failures.includes('COMPOSITION_FAILED')) {
    return {
      code: 'E029',
      message: `subgraph '${result.subgraph}' would not compose with the others (${result.compositionErrors.length} error(s))`,
    };
  }
  if (!result.failures.includes('BREAKING_CHANGES') && result.authorization) {
    const count = result.authorization.newlyExposed;
    return {
      code: 'E031',
      message: `${count} new field${count === 1 ? '' : 's'} would be readable by anonymous callers through a '*', type or fallback rule. Suggestion: give ${count === 1 ? 'it a rule' : 'them rules'} of ${count === 1 ? 'its' : 'their'} own in the gateway's rule module, or pass --allow-newly-exposed if that is intended`,
    };
  }
  const count = result.blockingChanges;
  return {
    code: 'E030',
    message: `this check found ${count} breaking schema change${count === 1 ? '' : 's'}. Suggestion: keep the old fields (deprecate them first), or pass --allow-breaking if every client is ready`,
  };
}

async function check(args: string[], io: CommandIO) {
  const { values, positionals } = parse(args, {
    name: { type: 'string' },
    schema: { type: 'string', short: 's' },
    'routing-url': { type: 'string' },
    'allow-breaking': { type: 'boolean' },
    'allow-newly-exposed': { type: 'boolean' },
  });
  const { graphRef, name } = subgraphTarget(positionals, values.name, USAGE);
  const context = registryCommandContext({ ...values, graphRef }, io);
  const schema = await readSchemaArgument(values.schema);
  if (!context.json) io.stderr(`Checking the proposed schema for subgraph ${name} against ${context.graphRef}`);
  await runRegistryCall(
    context,
    () =>
      context.client.checkSubgraph(name, {
        schema,
        routingUrl: values['routing-url'],
        allowBreakingChanges: values['allow-breaking'] === true,
        allowNewlyExposedFields: values['allow-newly-exposed'] === true,
      }),
    (result) => printCheck(context, result),
    checkFailure,
  );
}

async function list(args: string[], io: CommandIO) {
  const { values, positionals } = parse(args, {});
  const { graphRef } = leadingGraphRef(positionals, 0);
  const context = registryCommandContext({ ...values, graphRef }, io);
  await runRegistryCall(
    context,
    () => context.client.listSubgraphs(),
    ({ subgraphs }) => {
      if (subgraphs.length === 0) return io.stdout(`There are no subgraphs in ${context.graphRef} yet.`);
      io.stdout(
        formatTable(
          ['Name', 'Routing Url', 'Revision', 'Last Updated', 'By'],
          subgraphs.map((subgraph) => [
            subgraph.name,
            subgraph.routingUrl,
            String(subgraph.revision),
            subgraph.publishedAt,
            subgraph.publishedBy,
          ]),
        ),
      );
    },
  );
}

async function fetchSdl(args: string[], io: CommandIO) {
  const { values, positionals } = parse(args, { name: { type: 'string' } });
  const { graphRef, name } = subgraphTarget(positionals, values.name, USAGE);
  const context = registryCommandContext({ ...values, graphRef }, io);
  await runRegistryCall(
    context,
    () => context.client.fetchSubgraph(name),
    (subgraph) => io.stdout(subgraph.sdl.trimEnd()),
  );
}

async function confirmDeletion(name: string, graphRef: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`Delete subgraph '${name}' from ${graphRef}? [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

async function deleteSubgraph(args: string[], io: CommandIO) {
  const { values, positionals } = parse(args, { name: { type: 'string' }, 'dry-run': { type: 'boolean' }, confirm: { type: 'boolean' } });
  const { graphRef, name } = subgraphTarget(positionals, values.name, USAGE);
  const context = registryCommandContext({ ...values, graphRef }, io);
  const print = (result: Wire<DeleteResult>) => {
    printHints(context, result.hints);
    io.stdout(
      result.status === 'dry_run'
        ? `Deleting subgraph '${name}' would leave a supergraph that composes.`
        : `Subgraph '${name}' was deleted from ${context.graphRef}; the supergraph is now version ${result.supergraphVersion}.`,
    );
  };
  // At a terminal, without --confirm, show what deleting would do and ask, as rover does.
  const ask = !values.confirm && !values['dry-run'] && !context.json && process.stdin.isTTY === true;
  if (ask) {
    await runRegistryCall(context, () => context.client.deleteSubgraph(name, { dryRun: true }), print);
    if (!(await confirmDeletion(name, context.graphRef))) throw new CliError('Deletion cancelled.', 1);
  }
  await runRegistryCall(context, () => context.client.deleteSubgraph(name, { dryRun: values['dry-run'] === true }), print);
}

async function introspect(args: string[], io: CommandIO) {
  const { values, positionals } = parseArgs({
    args,
    options: { header: { type: 'string', short: 'H', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  const url = onePositional(positionals, 'the subgraph URL');
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon < 1) throw new CliError(`error: --header "${header}" is not "Name: value"`, EXIT_USAGE);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  // Composition's libraries load only for the command that uses them, not for every registry command.
  const { introspectSubgraph } = await import('../../compose/index.ts');
  try {
    io.stdout((await introspectSubgraph(url, { headers })).trimEnd());
  } catch (error) {
    throw new CliError(`error: ${(error as Error).message}. Suggestion: is the subgraph running, and is it a federation subgraph?`);
  }
}

const ACTIONS: Record<string, CommandAction> = {
  publish,
  check,
  list,
  fetch: fetchSdl,
  delete: deleteSubgraph,
  introspect,
};

export const subgraphCommand: Command = commandWithActions('subgraph', USAGE, ACTIONS);
