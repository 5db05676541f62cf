// Depth, measured by graphql-depth-limit: fields with selections count a level, fragments are followed,
// introspection fields (`__schema`, …) and the configured `depth_ignore` fields do not count.
// graphql-depth-limit expands every spread and recurses, so it runs only on operations the nesting and
// selections limits already bounded.
import type { DocumentNode } from 'graphql';
import { Kind } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxDepthExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

export function measureDepth(expanded: ExpandedOperation, ignoredFields: ReadonlySet<string>): number {
  // Only this operation and its fragments: other operations in the document are not executed.
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [expanded.operation, ...expanded.order] };
  // @types/graphql-depth-limit says an ignore function receives depths; the library passes the field name.
  const ignored = ((fieldName: string) => ignoredFields.has(fieldName)) as unknown as (queryDepths: unknown[]) => boolean;
  let depths: Record<string, number> = {};
  const rule = depthLimit(Number.POSITIVE_INFINITY, { ignore: [ignored] }, (measured: Record<string, number>) => {
    depths = measured;
  });
  // It reads only these two members of a validation context, and reports nothing under an infinite limit.
  rule({ getDocument: () => document, reportError: () => undefined });
  return depths[expanded.operation.name?.value ?? ''] ?? 0;
}

export const MaxDepthRule: LimitRule = {
  limit: 'max_depth',
  measured: 'depth',
  maximum: 'maxDepth',
  error: maxDepthExceeded,
  describe: (value, max) => `The operation is ${value} levels deep; the limit is ${max}.`,
};
