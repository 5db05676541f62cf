// Demand control's static cost (the IBM GraphQL cost directive spec, as Apollo Router applies it),
// compiled once per operation into an Amount: a number when no variable affects the cost, else a
// function of the variables in which everything constant is already folded.
//
//   operation = (mutation ? mutation_cost : 0) + its selections
//   field     = instances × (weight + selections) + arguments
//   weight    = @cost of the field, else @cost of its type, else 1 for objects, interfaces and unions, 0 for scalars and enums
//   instances = 1, or for a list: the size given by the enclosing field's @listSize(sizedFields:), else the largest
//               slicing argument of its @listSize, else its assumedSize, else `list_size`
//   arguments = @cost of each given argument and input field (lists: per element), else of its scalar or enum type
//   on an interface or union: the most expensive of its possible types; @skip/@include are honoured.
//
// graphql-query-complexity's estimators see one field and the sum of its children, so they cannot size a
// child by the parent's slicing argument (`sizedFields`), and its walk runs whole on every request;
// hence this compiler. Fragments are compiled once per type they apply to, so fan-outs cost nothing extra.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import type { ExpandedOperation } from '../expandOperation.ts';
import { type Amount, maximum, product, sum, type VariableValues, when } from './costAmount.ts';
import type { CostDirectives, ListSize } from './readCostDirectives.ts';

export interface CostModel {
  readonly schema: GraphQLSchema;
  readonly directives: CostDirectives;
  /** Size assumed for a list without `@listSize` information. */
  readonly defaultListSize: number;
  readonly mutationCost: number;
}

/** A `@listSize(requireOneSlicingArgument: true)` field was given no slicing argument, or several. */
export class SlicingArgumentError extends Error {
  override readonly name = 'SlicingArgumentError';
  constructor(
    readonly coordinate: string,
    readonly slicingArguments: readonly string[],
    readonly given: number,
  ) {
    super(`${coordinate} needs exactly one of its slicing arguments (${slicingArguments.join(', ')}); ${given} given`);
  }
}

type Condition = boolean | ((variables: VariableValues) => boolean);
type OptionalNumber = number | undefined | ((variables: VariableValues) => number | undefined);

interface Sizing {
  readonly id: number;
  readonly fields: ReadonlySet<string>;
  readonly size: Amount;
}

function containsVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(containsVariable);
    case Kind.OBJECT:
      return value.fields.some((field) => containsVariable(field.value));
    default:
      return false;
  }
}

/** A literal's value now, or a variable-dependent value at evaluation. */
function readValue<T>(node: ValueNode, read: (value: unknown) => T): T | ((variables: VariableValues) => T) {
  if (!containsVariable(node)) return read(valueFromASTUntyped(node));
  return (variables) => read(valueFromASTUntyped(node, variables));
}

function asSize(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Whether `@skip`/`@include` keep a selection: known now for literals, at evaluation for variables. */
function conditionOf(node: SelectionNode): Condition {
  let condition: Condition = true;
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if')?.value;
    if (!argument) continue;
    // A literal decides now; a variable that is missing or not a boolean keeps the selection (counting it is the safe side).
    const keeps = readValue(argument, (value) => (name === 'skip' ? value !== true : value !== false));
    if (keeps === false) return false;
    if (keeps === true) continue;
    if (typeof condition === 'boolean') {
      condition = keeps;
    } else {
      const previous: (variables: VariableValues) => boolean = condition;
      condition = (variables: VariableValues) => previous(variables) && keeps(variables);
    }
  }
  return condition;
}

export function compileOperationCost(model: CostModel, expanded: ExpandedOperation): Amount {
  const { schema, directives, defaultListSize } = model;
  const { weights, listSizes } = directives;
  const fragmentCosts = new Map<string, Amount>();
  const costCarrying = new Map<string, boolean>();
  let nextSizingId = 1;

  /** Whether a value of this input type can carry any @cost (else its arguments cost nothing, whatever their value). */
  const canCarryCost = (type: GraphQLInputType): boolean => {
    const named = getNamedType(type);
    const known = costCarrying.get(named.name);
    if (known !== undefined) return known;
    // Meeting it again while deciding (a recursive input type) assumes yes: exact, only not folded.
    costCarrying.set(named.name, true);
    let carries = weights.has(named.name);
    if (isInputObjectType(named)) {
      for (const field of Object.values(named.getFields())) {
        carries ||= weights.has(`${named.name}.${field.name}`) || canCarryCost(field.type);
      }
    }
    costCarrying.set(named.name, carries);
    return carries;
  };

  const inputCost = (type: GraphQLInputType, value: unknown, ownWeight: number | undefined): number => {
    if (value === null || value === undefined) return 0;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      let total = 0;
      for (const item of Array.isArray(value) ? value : [value]) total += inputCost(nullable.ofType, item, ownWeight);
      return total;
    }
    if (isInputObjectType(nullable)) {
      if (typeof value !== 'object') return 0;
      let total = ownWeight ?? 0;
      const fields = nullable.getFields();
      for (const [key, fieldValue] of Object.entries(value)) {
        const field = fields[key];
        if (field) total += inputCost(field.type, fieldValue, weights.get(`${nullable.name}.${key}`));
      }
      return total;
    }
    return ownWeight ?? weights.get((nullable as GraphQLNamedType).name) ?? 0;
  };

  const argumentsCost = (definition: GraphQLField<unknown, unknown>, node: FieldNode, coordinate: string): Amount => {
    const amounts: Amount[] = [];
    for (const argument of node.arguments ?? []) {
      const argumentDefinition = definition.args.find((candidate) => candidate.name === argument.name.value);
      if (!argumentDefinition) continue;
      const ownWeight = weights.get(`${coordinate}(${argumentDefinition.name}:)`);
      if (ownWeight === undefined && !canCarryCost(argumentDefinition.type)) continue;
      amounts.push(readValue(argument.value, (value) => inputCost(argumentDefinition.type, value, ownWeight)));
    }
    return sum(amounts);
  };

  /** The size `@listSize` gives a field: the largest slicing argument given, else its assumedSize. */
  const expectedSize = (
    definition: GraphQLField<unknown, unknown>,
    node: FieldNode,
    coordinate: string,
    listSize: ListSize,
  ): Amount | undefined => {
    if (listSize.slicingArguments.length === 0) return listSize.assumedSize;
    const sources: OptionalNumber[] = listSize.slicingArguments.map((name) => {
      const given = node.arguments?.find((argument) => argument.name.value === name);
      if (given) return readValue(given.value, asSize);
      // Not given: the argument's default, which is what the subgraph slices with.
      return asSize(definition.args.find((candidate) => candidate.name === name)?.defaultValue);
    });
    const size = (variables: VariableValues): number => {
      const values: number[] = [];
      for (const source of sources) {
        const value = typeof source === 'function' ? source(variables) : source;
        if (value !== undefined) values.push(value);
      }
      if (listSize.requireOneSlicingArgument && values.length !== 1) {
        throw new SlicingArgumentError(coordinate, listSize.slicingArguments, values.length);
      }
      return values.length > 0 ? Math.max(...values) : (listSize.assumedSize ?? defaultListSize);
    };
    if (sources.some((source) => typeof source === 'function')) return size;
    try {
      return size({});
    } catch (error) {
      // Reported when the operation is checked, so `measure` mode can log it instead of refusing.
      if (error instanceof SlicingArgumentError) return () => size({});
      throw error;
    }
  };

  const fieldCost = (node: FieldNode, written: GraphQLCompositeType, runtime: GraphQLObjectType, sizedBy: Amount | undefined): Amount => {
    const name = node.name.value;
    if (name === '__typename' || !(isObjectType(written) || isInterfaceType(written))) return 0;
    const writtenDefinition = (written as GraphQLObjectType | GraphQLInterfaceType).getFields()[name];
    // The runtime type's own field may carry a @cost the interface's does not.
    const definition = runtime.getFields()[name] ?? writtenDefinition;
    if (!definition) return 0;
    const coordinate = `${runtime.name}.${name}`;
    const writtenCoordinate = `${written.name}.${name}`;
    const named = getNamedType(definition.type);
    const weight = weights.get(coordinate) ?? weights.get(writtenCoordinate) ?? weights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
    const listSize = listSizes.get(coordinate) ?? listSizes.get(writtenCoordinate);
    const expected = listSize ? expectedSize(definition, node, coordinate, listSize) : undefined;
    const instances = isListType(getNullableType(definition.type)) ? (sizedBy ?? expected ?? defaultListSize) : 1;
    const sizing: Sizing | undefined =
      listSize && listSize.sizedFields.length > 0
        ? { id: nextSizingId++, fields: new Set(listSize.sizedFields), size: expected ?? defaultListSize }
        : undefined;
    const selections = node.selectionSet && isCompositeType(named) ? selectionSetCost(node.selectionSet, named, sizing) : 0;
    return sum([product(instances, sum([weight, selections])), argumentsCost(definition, node, coordinate)]);
  };

  const applies = (condition: GraphQLNamedType | undefined, runtime: GraphQLObjectType): condition is GraphQLCompositeType =>
    condition === runtime || (condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, runtime));

  const fragmentCost = (fragment: FragmentDefinitionNode, runtime: GraphQLObjectType, sizing: Sizing | undefined): Amount => {
    const key = `${fragment.name.value}\u0000${runtime.name}\u0000${sizing?.id ?? 0}`;
    let cost = fragmentCosts.get(key);
    if (cost === undefined) {
      const condition = schema.getType(fragment.typeCondition.name.value);
      cost = applies(condition, runtime) ? selectionsFor(fragment.selectionSet, condition, runtime, sizing) : 0;
      fragmentCosts.set(key, cost);
    }
    return cost;
  };

  /** The selections that apply when the object at hand has type `runtime`. */
  const selectionsFor = (
    selectionSet: SelectionSetNode,
    written: GraphQLCompositeType,
    runtime: GraphQLObjectType,
    sizing: Sizing | undefined,
  ): Amount => {
    const amounts: Amount[] = [];
    for (const selection of selectionSet.selections) {
      const condition = conditionOf(selection);
      if (condition === false) continue;
      let amount: Amount = 0;
      if (selection.kind === Kind.FIELD) {
        amount = fieldCost(selection, written, runtime, sizing?.fields.has(selection.name.value) ? sizing.size : undefined);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeCondition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : written;
        if (applies(typeCondition, runtime)) amount = selectionsFor(selection.selectionSet, typeCondition, runtime, sizing);
      } else {
        const fragment = expanded.fragments.get(selection.name.value);
        if (fragment) amount = fragmentCost(fragment, runtime, sizing);
      }
      amounts.push(when(condition, amount));
    }
    return sum(amounts);
  };

  const selectionSetCost = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, sizing: Sizing | undefined): Amount => {
    const possible: readonly GraphQLObjectType[] = isAbstractType(type) ? schema.getPossibleTypes(type) : [type as GraphQLObjectType];
    return maximum(possible.map((runtime) => selectionsFor(selectionSet, type, runtime, sizing)));
  };

  const { operation } = expanded;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const total = sum([
    operation.operation === 'mutation' ? model.mutationCost : 0,
    selectionSetCost(operation.selectionSet, root, undefined),
  ]);
  if (typeof total === 'number') return total;
  // Variables the request leaves out take the operation's defaults.
  const defaults: Record<string, unknown> = {};
  for (const variable of operation.variableDefinitions ?? []) {
    if (variable.defaultValue) defaults[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
  }
  return (variables) => total({ ...defaults, ...variables });
}
