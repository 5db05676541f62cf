// Authorization decisions by rule, field and outcome, and the time spent evaluating rules. A decision
// costs one integer increment on a tally the authorizer looked up once per document; the tallies
// reach Prometheus when /metrics is scraped, so counting adds nothing measurable to a request.
import { Counter, Histogram, type Registry } from 'prom-client';

export type RuleDecisionOutcome = 'allowed' | 'denied' | 'errored';

/** One (rule, field)'s decisions since the last scrape. */
export interface RuleTally {
  allowed: number;
  denied: number;
  errored: number;
}

/** Past this many (rule, field) pairs, new ones are counted under rule and field "(other)". */
const MAX_RULE_SERIES = 5000;

const EVALUATION_BUCKETS = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1];
const OUTCOMES: readonly RuleDecisionOutcome[] = ['allowed', 'denied', 'errored'];

export class RuleDecisionMetrics {
  readonly #tallies = new Map<string, { rule: string; field: string; tally: RuleTally }>();
  readonly #decisions: Counter<'rule' | 'field' | 'outcome'>;
  readonly #evaluation: Histogram;

  constructor(registry: Registry) {
    const tallies = this.#tallies;
    this.#decisions = new Counter({
      name: 'gatehouse_authorization_decisions_total',
      help: 'Authorization rule decisions, by rule (as written), field (Type.field) and outcome (allowed, denied, errored). In dry run, denied counts what would have been denied.',
      labelNames: ['rule', 'field', 'outcome'] as const,
      registers: [registry],
      collect() {
        for (const { rule, field, tally } of tallies.values()) {
          for (const outcome of OUTCOMES) {
            const count = tally[outcome];
            if (count === 0) continue;
            this.inc({ rule, field, outcome }, count);
            tally[outcome] = 0;
          }
        }
      },
    });
    this.#evaluation = new Histogram({
      name: 'gatehouse_authorization_evaluation_seconds',
      help: 'Time one request spent evaluating authorization rules (before planning and over the fetched objects).',
      buckets: EVALUATION_BUCKETS,
      registers: [registry],
    });
  }

  /**
   * The tally of a (rule, field): look it up once per document, then increment it per decision. The
   * authorizer asks for every guarded field when a supergraph loads, so a rule that never fires shows as 0.
   */
  tallyFor(rule: string, field: string): RuleTally {
    const key = `${rule}\u0000${field}`;
    let entry = this.#tallies.get(key);
    if (!entry) {
      if (this.#tallies.size >= MAX_RULE_SERIES) return this.tallyFor('(other)', '(other)');
      entry = { rule, field, tally: { allowed: 0, denied: 0, errored: 0 } };
      this.#tallies.set(key, entry);
      this.#decisions.inc({ rule, field, outcome: 'allowed' }, 0);
      this.#decisions.inc({ rule, field, outcome: 'denied' }, 0);
    }
    return entry.tally;
  }

  observeEvaluation(seconds: number): void {
    this.#evaluation.observe(seconds);
  }
}
