// Errors of composition's inputs and of composition itself, as values the CLI and registry can print.

/** A problem with the supergraph config or one subgraph's source: one line naming where and why. */
export class SupergraphConfigError extends Error {
  override readonly name = 'SupergraphConfigError';
  constructor(
    message: string,
    readonly subgraph?: string,
  ) {
    super(subgraph ? `subgraph "${subgraph}": ${message}` : message);
  }
}

/** One composition error as rover reports it: its code and message. */
export interface CompositionProblem {
  code: string;
  message: string;
}

export class CompositionError extends Error {
  override readonly name = 'CompositionError';
  constructor(readonly problems: readonly CompositionProblem[]) {
    super(formatCompositionProblems(problems));
  }
}

/** rover's layout: `error[E029]: Encountered N build errors …` then one `CODE: message` line each. */
export function formatCompositionProblems(problems: readonly CompositionProblem[]): string {
  const count = problems.length;
  const lines = problems.map((problem) => `    ${problem.code}: ${problem.message.replaceAll('\n', '\n    ')}`);
  return [
    `error[E029]: Encountered ${count} build error${count === 1 ? '' : 's'} while trying to build a supergraph.`,
    '',
    'Caused by:',
    ...lines,
    '',
    '    The subgraph schemas you provided are incompatible with each other. Fix the errors above and compose again.',
  ].join('\n');
}
