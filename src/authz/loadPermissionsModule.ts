// Loads `authorization.rules: ./permissions.ts`: a TypeScript or JavaScript module whose default (or
// `permissions`) export is `definePermissions(...)`. A TypeScript module is loaded through tsx, whose
// loader is registered only then: the compiled package needs no TypeScript loader otherwise.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPermissions, type Permissions } from './definePermissions.ts';
import { RuleTreeError } from './ruleTreeError.ts';

const TYPESCRIPT_MODULE = /\.[cm]?tsx?$/;
let typescriptLoader: Promise<unknown> | undefined;

/**
 * Registers tsx's loaders once, so `import()` of a `.ts` rules module (and what it imports) works. Both: Node
 * takes a `.ts` file outside a `"type": "module"` package for CommonJS and require()s it, which without
 * tsx's CommonJS hooks ends in "Cannot require() ES Module … in a cycle".
 */
function loadTypescript(): Promise<unknown> {
  typescriptLoader ??= Promise.all([
    import('tsx/esm/api').then(({ register }) => register()),
    import('tsx/cjs/api').then(({ register }) => register()),
  ]);
  return typescriptLoader;
}

/** An import's error on one line: esbuild puts the reason on the lines after `Transform failed with 1 error:`. */
function oneLine(message: string): string {
  const line = message
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

export async function loadPermissionsModule(path: string, baseDirectory = process.cwd()): Promise<Permissions> {
  const absolute = resolve(baseDirectory, path);
  try {
    await access(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RuleTreeError(`authorization.rules: cannot load ${absolute}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : code}`);
  }
  let module: Record<string, unknown>;
  try {
    if (TYPESCRIPT_MODULE.test(absolute)) await loadTypescript();
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new RuleTreeError(`authorization.rules: cannot load ${absolute}: ${oneLine((error as Error).message)}`);
  }
  // A module Node loaded as CommonJS (a `.ts` file outside a `"type": "module"` package) has its exports
  // object as `default`: its own default export is inside it.
  const commonJsExports = (module.default ?? {}) as Record<string, unknown>;
  const exported = [module.default, commonJsExports.default, module.permissions, commonJsExports.permissions].find(isPermissions);
  if (!exported) {
    throw new RuleTreeError(
      `authorization.rules: ${absolute} must \`export default definePermissions({ Type: { field: rule } }, options)\` (from 'gatehouse')`,
    );
  }
  return exported;
}
