// For explain: the fields that weigh most in an operation's estimated cost — how much the estimate would
// drop without each one (its selections included), by the same compiler the limits charge with. It
// recompiles the operation once per field, so only an explained request pays for it.
import { type DocumentNode, type FieldNode, getOperationAST, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { CostContribution } from '../../explain/explainReport.ts';
import { expandOperation, isFragmentProblem } from '../expandOperation.ts';
import { type CostModel, compileOperationCost } from './compileOperationCost.ts';
import { evaluate, type VariableValues } from './costAmount.ts';

/** Past this many fields, the rest are not weighed (each one costs a compilation). */
const MAX_WEIGHED_FIELDS = 200;

function costOf(
  model: CostModel,
  document: DocumentNode,
  operationName: string | undefined,
  variables: VariableValues,
): number | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const expanded = expandOperation(document, operation);
  if (isFragmentProblem(expanded)) return undefined;
  try {
    return evaluate(compileOperationCost(model, expanded), variables);
  } catch {
    // A missing slicing argument: the limits report it; the weighing has nothing to say.
    return undefined;
  }
}

export function costContributions(
  model: CostModel,
  document: DocumentNode,
  operationName: string | undefined,
  variables: VariableValues,
  top = 5,
): CostContribution[] {
  const total = costOf(model, document, operationName, variables);
  if (total === undefined || total === 0) return [];
  const fields: { node: FieldNode; coordinate: string }[] = [];
  const typeInfo = new TypeInfo(model.schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && node.name.value !== '__typename' && fields.length < MAX_WEIGHED_FIELDS) {
          fields.push({ node, coordinate: `${parent.name}.${node.name.value}` });
        }
      },
    }),
  );
  const weights = new Map<string, number>();
  for (const { node, coordinate } of fields) {
    const without = visit(document, { Field: (candidate) => (candidate === node ? null : undefined) });
    const remaining = costOf(model, without, operationName, variables);
    if (remaining === undefined) continue;
    const weight = total - remaining;
    if (weight > (weights.get(coordinate) ?? 0)) weights.set(coordinate, weight);
  }
  return [...weights]
    .map(([field, cost]) => ({ field, cost }))
    .sort((a, b) => b.cost - a.cost || a.field.localeCompare(b.field))
    .slice(0, top);
}
