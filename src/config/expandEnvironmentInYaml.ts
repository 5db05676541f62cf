// `${env.NAME}` in gatehouse.yaml is expanded in values only (never in keys or comments), so a
// missing variable is reported with the key path that uses it. An unquoted value that is one
// reference takes the type YAML gives the expanded text (`port: ${env.PORT:-4000}` is a number);
// quote it to keep a string.
import { type Document, isPair, isScalar, isSeq, parse, type Scalar, visit } from 'yaml';
import { expandEnvironmentReferences } from './expandEnvironment.ts';

const WHOLE_REFERENCE = /^\$\{env\.[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

function keyPathOf(ancestors: readonly unknown[], node: unknown): string {
  const parts: string[] = [];
  ancestors.forEach((ancestor, index) => {
    if (isPair(ancestor)) parts.push(String(isScalar(ancestor.key) ? ancestor.key.value : ancestor.key));
    else if (isSeq(ancestor)) parts.push(String(ancestor.items.indexOf((ancestors[index + 1] ?? node) as never)));
  });
  return parts.join('.') || '(root)';
}

function typedScalar(expanded: string): unknown {
  const value: unknown = parse(expanded);
  return value !== null && typeof value === 'object' ? expanded : value;
}

/** Expands references in place; throws MissingEnvironmentVariableError naming `source: key.path`. */
export function expandEnvironmentInYaml(document: Document, source: string, environment: NodeJS.ProcessEnv = process.env): void {
  visit(document, {
    Scalar(key, node: Scalar, ancestors) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${env.')) return;
      const original = node.value;
      const expanded = expandEnvironmentReferences(original, `${source}: ${keyPathOf(ancestors, node)}`, environment);
      node.value = node.type === 'PLAIN' && WHOLE_REFERENCE.test(original) ? typedScalar(expanded) : expanded;
    },
  });
}
