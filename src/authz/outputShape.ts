// A field's output type, unwrapped once per field occurrence: walking a large response asks "non-null?
// list? leaf?" for every value, and graphql-js's type predicates are too slow to ask that many times.
import { type GraphQLCompositeType, type GraphQLOutputType, isAbstractType, isCompositeType, isListType, isNonNullType } from 'graphql';

export type OutputShape =
  | { readonly kind: 'leaf'; readonly nonNull: boolean }
  | { readonly kind: 'list'; readonly nonNull: boolean; readonly item: OutputShape }
  | { readonly kind: 'composite'; readonly nonNull: boolean; readonly type: GraphQLCompositeType; readonly abstract: boolean };

export function outputShapeOf(type: GraphQLOutputType): OutputShape {
  const nonNull = isNonNullType(type);
  const nullable = nonNull ? type.ofType : type;
  if (isListType(nullable)) return { kind: 'list', nonNull, item: outputShapeOf(nullable.ofType) };
  if (isCompositeType(nullable)) return { kind: 'composite', nonNull, type: nullable, abstract: isAbstractType(nullable) };
  return { kind: 'leaf', nonNull };
}
