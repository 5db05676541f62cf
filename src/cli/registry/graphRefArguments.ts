// Graph refs on the command line, in rover's shape: `subgraph publish shop@prod --name reviews`, or the
// older `subgraph publish reviews`, which works on the registry's default variant.
import { formatGraphRef, GRAPH_REF_FORMAT, parseGraphRef } from '../../registry/graphRef.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';

/** A graph ref as typed (`shop`, `shop@prod`), normalised to `graph@variant`. */
export function graphRefArgument(text: string): string {
  const ref = parseGraphRef(text);
  if (!ref) throw new CliError(`error: "${text}" is not a graph ref: ${GRAPH_REF_FORMAT}`, EXIT_USAGE);
  return formatGraphRef(ref);
}

/** `REF --name NAME` or `NAME`: the subgraph a command works on, and the variant it is in (undefined: the default). */
export function subgraphTarget(
  positionals: string[],
  name: string | undefined,
  usage: string,
): { graphRef: string | undefined; name: string } {
  const [first, ...extra] = positionals;
  if (extra.length > 0) throw new CliError(`error: unexpected argument "${extra[0]}"`, EXIT_USAGE);
  if (name !== undefined) {
    if (first === undefined) throw new CliError(`error: the GRAPH_REF is required with --name\n\nUsage: ${usage}`, EXIT_USAGE);
    return { graphRef: graphRefArgument(first), name };
  }
  if (first === undefined)
    throw new CliError(`error: the subgraph is required: GRAPH_REF --name NAME (or NAME)\n\nUsage: ${usage}`, EXIT_USAGE);
  return { graphRef: undefined, name: first };
}

/** `[REF] ARG…`: a leading graph ref when there is one more positional than the `count` the command takes. */
export function leadingGraphRef(positionals: string[], count: number): { graphRef: string | undefined; rest: string[] } {
  if (positionals.length <= count) return { graphRef: undefined, rest: positionals };
  const [first, ...rest] = positionals;
  if (rest.length > count) throw new CliError(`error: unexpected argument "${rest[count]}"`, EXIT_USAGE);
  return { graphRef: graphRefArgument(first ?? ''), rest };
}
