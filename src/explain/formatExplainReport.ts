// An explain report as a person reads it at a terminal (`gatehouse explain` without --format json).
import type { RuleSource } from '../authz/ruleTable.ts';
import type { ExplainReport } from './explainReport.ts';

const decidedBy = (sources: readonly RuleSource[]) => sources.map((source) => `${source.at}: ${source.rule}`).join(', ');

export function formatExplainReport(report: ExplainReport, refusal: { code: string; message: string } | undefined): string {
  const lines: string[] = [];
  const { principal } = report;
  lines.push(
    principal.authenticated
      ? `Caller: ${principal.subject ?? '(no subject)'}  scopes: ${principal.scopes.join(' ') || '-'}  roles: ${principal.roles.join(' ') || '-'}`
      : 'Caller: anonymous',
  );
  if (refusal) lines.push(`Refused: ${refusal.code}: ${refusal.message}`);
  if (report.limits) {
    lines.push('', 'Limits (measured / limit):');
    for (const limit of report.limits) {
      lines.push(
        `  ${limit.exceeded ? 'OVER' : 'ok  '}  ${limit.limit.padEnd(16)} ${limit.measured} / ${limit.max === 0 ? 'none' : limit.max}`,
      );
    }
  }
  if (report.cost) {
    const { cost } = report;
    lines.push('', `Cost: ${cost.estimate ?? 'unknown'} (max_cost ${cost.max === 0 ? 'none' : cost.max}, ${cost.mode})`);
    for (const field of cost.topFields) lines.push(`  ${String(field.cost).padStart(8)}  ${field.field}`);
  }
  if (report.budget) {
    const { budget } = report;
    const window = budget.windowSeconds === undefined ? '' : ` per ${budget.windowSeconds}s`;
    const state = budget.before === undefined ? '' : `: ${budget.before} left before, ${budget.after ?? '?'} after`;
    lines.push('', `Budget: ${budget.limit}${window}${state}`);
  }
  if (report.authorization) {
    const { mode, removed, perObject } = report.authorization;
    lines.push('', `Authorization (${mode === 'dry_run' ? 'dry run: nothing is removed' : 'enforced'}):`);
    if (removed.length === 0 && perObject.length === 0) lines.push('  every field selected is allowed');
    for (const denial of removed) {
      lines.push(`  removed  ${denial.path}  (${denial.field})  denied by ${denial.rule}  [${decidedBy(denial.decidedBy)}]`);
    }
    for (const rule of perObject) {
      const outcome =
        rule.evaluated === undefined ? 'decided per object at run time' : `${rule.denied} of ${rule.evaluated} objects denied`;
      lines.push(`  per object  ${rule.field}  ${rule.rule}: ${outcome}  [${decidedBy(rule.decidedBy)}]`);
    }
  }
  if (report.plan) {
    lines.push('', 'Query plan:');
    for (const fetch of report.plan) {
      lines.push(`  ${fetch.subgraph}: ${fetch.fetches} fetch${fetch.fetches === 1 ? '' : 'es'}`);
      for (const operation of fetch.operations) lines.push(`    ${operation}`);
    }
  }
  return lines.join('\n');
}
