// The query plan's fetches, per subgraph in plan order: what the gateway asked of whom.
import type { PlanNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';
import type { ExplainedFetch } from './explainReport.ts';

export function queryPlanFetches(plan: QueryPlan): ExplainedFetch[] {
  const bySubgraph = new Map<string, { subgraph: string; fetches: number; operations: string[] }>();
  const visit = (node: PlanNode | SubscriptionNode | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch': {
        const entry = bySubgraph.get(node.serviceName) ?? { subgraph: node.serviceName, fetches: 0, operations: [] };
        entry.fetches++;
        entry.operations.push(node.operation);
        bySubgraph.set(node.serviceName, entry);
        return;
      }
      case 'Sequence':
      case 'Parallel':
        for (const child of node.nodes) visit(child);
        return;
      case 'Flatten':
        visit(node.node);
        return;
      case 'Condition':
        visit(node.ifClause);
        visit(node.elseClause);
        return;
      case 'Defer':
        visit(node.primary.node);
        for (const deferred of node.deferred) visit(deferred.node);
        return;
      case 'Subscription':
        visit(node.primary);
        visit(node.rest);
        return;
    }
  };
  visit(plan.node);
  return [...bySubgraph.values()];
}
