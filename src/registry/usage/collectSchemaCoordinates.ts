// The schema coordinates an operation uses, named as @graphql-inspector names what it changed, so a
// breaking change's path can be looked up in recorded usage: `Type.field`, `Type.field.argument`,
// `Input.field`, `Enum.VALUE`, and the named types of variables and fragment conditions.
import {
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  Kind,
  separateOperations,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** The operation named `operationName` (or the only one) and the fragments it spreads. */
function selectedOperation(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length <= 1) return document;
  return separateOperations(document)[operationName ?? ''] ?? document;
}

/** `__typename`, `__schema`, `__Type.name`, …: GraphQL's own, never changed by a publish. */
function isIntrospection(name: string): boolean {
  return name.startsWith('__');
}

export function collectSchemaCoordinates(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): string[] {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    selectedOperation(document, operationName),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || isIntrospection(parent.name) || isIntrospection(node.name.value)) return;
        coordinates.add(`${parent.name}.${node.name.value}`);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || isIntrospection(parent.name) || isIntrospection(field.name)) return;
        coordinates.add(`${parent.name}.${field.name}.${node.name.value}`);
      },
      ObjectField(node) {
        const input = typeInfo.getParentInputType();
        if (input) coordinates.add(`${getNamedType(input).name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (named && isEnumType(named)) coordinates.add(`${named.name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) coordinates.add(getNamedType(type).name);
      },
      InlineFragment(node) {
        if (node.typeCondition) coordinates.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        coordinates.add(node.typeCondition.name.value);
      },
    }),
  );
  return [...coordinates].sort();
}
