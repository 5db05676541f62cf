export { createExplainFeature, mayExplain, newExplainReport, withExplain } from './explainFeature.ts';
export type * from './explainReport.ts';
export { queryPlanFetches } from './queryPlanFetches.ts';
