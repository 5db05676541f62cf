// rover's schema checks are asynchronous: it submits one, then polls the workflow by id. Gatehouse checks
// in the request that submits it (a check takes milliseconds), keeps the result in the store (so every
// registry instance can answer), and answers each poll with the finished workflow: a composition task, an
// operations task, and (when the registry knows the gateway's rules) a custom check task with the fields
// that would be newly exposed or unreachable, as rover prints them.
import { randomUUID } from 'node:crypto';
import type { CoveredField } from '../../authz/index.ts';
import type { Registry } from '../service/registry.ts';
import type { CheckedChange, CheckResult } from '../service/registryTypes.ts';
import type { RegistryStore } from '../store/registryStore.ts';

/** rover stops polling after minutes; a week leaves time to look a check up again. */
const KEEP_DAYS = 7;

/** A change as rover lists it: FAILURE when it fails the check, NOTICE otherwise (rover knows no other value). */
function schemaChange(change: CheckedChange, breakingChangesAllowed: boolean) {
  const fails = change.blocking === true && !breakingChangesAllowed;
  return {
    severity: fails ? 'FAILURE' : 'NOTICE',
    code: change.code,
    description: change.impact ? `${change.message} (${change.impact})` : change.message,
  };
}

/** Authorization coverage as rover prints custom checks: one violation per newly exposed (ERROR, or WARNING when allowed) or unreachable (WARNING) field. */
function authorizationTask(result: CheckResult) {
  const coverage = result.authorization;
  if (!coverage) return [];
  const decidedBy = (field: CoveredField) =>
    field.decidedBy.length === 0 ? 'nothing guards it' : field.decidedBy.map((source) => `${source.at}: ${source.rule}`).join(', ');
  const violations = coverage.fields.flatMap((field) => [
    ...(field.newlyExposed
      ? [
          {
            coordinate: field.field,
            level: coverage.newlyExposedAllowed ? 'WARNING' : 'ERROR',
            message: `${field.field} would be readable by anonymous callers (${decidedBy(field)}); give it a rule of its own`,
            rule: 'NEWLY_EXPOSED_FIELD',
            sourceLocations: [],
          },
        ]
      : []),
    ...(field.unreachable
      ? [
          {
            coordinate: field.field,
            level: 'WARNING',
            message: `no rule grants ${field.field} to anyone (${decidedBy(field)})`,
            rule: 'UNREACHABLE_FIELD',
            sourceLocations: [],
          },
        ]
      : []),
  ]);
  const failed = result.failures.includes('NEWLY_EXPOSED_FIELDS');
  return [
    {
      __typename: 'CustomCheckTask',
      status: failed ? 'FAILED' : 'PASSED',
      targetURL: null,
      result: { __typename: 'CustomCheckResult', violations },
    },
  ];
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
      ...authorizationTask(result),
    ],
  };
}

export class CheckWorkflows {
  constructor(private readonly store: RegistryStore) {}

  /** Keeps a finished check of the registry's variant; its id is what rover polls with. */
  async record(registry: Registry, result: CheckResult): Promise<string> {
    const id = randomUUID();
    await this.store.insertCheckWorkflow(registry.variant, id, result, KEEP_DAYS);
    return id;
  }

  /** The check's workflow, when it was run on `graph` (a key for another graph learns nothing). */
  async find(graph: string, id: string): Promise<ReturnType<typeof checkWorkflowOf> | null> {
    const kept = await this.store.checkWorkflow(id);
    return kept && kept.graph === graph ? checkWorkflowOf(kept.result as CheckResult) : null;
  }
}
