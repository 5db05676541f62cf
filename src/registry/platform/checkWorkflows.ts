// rover's schema checks are asynchronous: it submits one, then polls the workflow by id. Gatehouse checks
// in the request that submits it (a check takes milliseconds), keeps the result here, and answers every
// poll with the finished workflow: a composition task and an operations task, as rover prints them.
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { GraphRef } from '../graphRef.ts';
import type { CheckedChange, CheckResult } from '../service/registryTypes.ts';

/** Enough for every check CI runs in a day; older ones are forgotten (rover stops polling long before). */
const MAX_CHECKS = 10_000;
const KEEP_MS = 24 * 60 * 60 * 1000;

interface RecordedCheck {
  ref: GraphRef;
  result: CheckResult;
}

/** A change as rover lists it: FAILURE when it fails the check, NOTICE otherwise (rover knows no other value). */
function schemaChange(change: CheckedChange, breakingChangesAllowed: boolean) {
  const fails = change.blocking === true && !breakingChangesAllowed;
  return {
    severity: fails ? 'FAILURE' : 'NOTICE',
    code: change.code,
    description: change.impact ? `${change.message} (${change.impact})` : change.message,
  };
}

/** The workflow rover reads, from a finished check. */
export function checkWorkflowOf(result: CheckResult) {
  const composed = result.compositionErrors.length === 0;
  const breaking = result.failures.includes('BREAKING_CHANGES');
  const changes = result.apiChanges.map((change) => schemaChange(change, result.breakingChangesAllowed));
  return {
    status: result.passed ? 'PASSED' : 'FAILED',
    tasks: [
      {
        __typename: 'CompositionCheckTask',
        status: composed ? 'PASSED' : 'FAILED',
        targetURL: null,
        coreSchemaModified: result.subgraphChanges.length > 0 || result.apiChanges.length > 0,
        result: {
          __typename: 'CompositionCheckResult',
          errors: result.compositionErrors.map(({ code, message }) => ({ message, code, locations: [] })),
        },
      },
      {
        __typename: 'OperationsCheckTask',
        // Without a supergraph there is no API schema to compare: the task is blocked, as rover expects.
        status: !composed ? 'BLOCKED' : breaking ? 'FAILED' : 'PASSED',
        targetURL: null,
        result: composed
          ? {
              __typename: 'OperationsCheckResult',
              checkSeverity: breaking ? 'FAILURE' : 'NOTICE',
              // The recorded operations the breaking changes would break (usage reported by gateways).
              numberOfCheckedOperations: result.apiChanges.reduce((sum, change) => sum + (change.usage?.operations ?? 0), 0),
              changes,
            }
          : null,
      },
    ],
  };
}

export class CheckWorkflows {
  readonly #checks = new LRUCache<string, RecordedCheck>({ max: MAX_CHECKS, ttl: KEEP_MS });

  /** Remembers a finished check; its id is what rover polls with. */
  record(ref: GraphRef, result: CheckResult): string {
    const id = randomUUID();
    this.#checks.set(id, { ref: { graph: ref.graph, variant: ref.variant }, result });
    return id;
  }

  /** The check's workflow, when it was run on `graph` (a key for another graph learns nothing). */
  find(graph: string, id: string): ReturnType<typeof checkWorkflowOf> | null {
    const recorded = this.#checks.get(id);
    return recorded && recorded.ref.graph === graph ? checkWorkflowOf(recorded.result) : null;
  }
}
