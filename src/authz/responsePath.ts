// graphql-js's response path (the linked list in `info.path`), built without allocating arrays per field.
import type { GraphQLResolveInfo } from 'graphql';

export type ResponsePath = GraphQLResolveInfo['path'];

export function responsePathOf(keys: readonly string[]): ResponsePath | undefined {
  let path: ResponsePath | undefined;
  for (const key of keys) path = { prev: path, key, typename: undefined };
  return path;
}
