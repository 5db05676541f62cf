// Loads `authorization.rules: ./permissions.ts`: a TypeScript or JavaScript module whose default (or
// `permissions`) export is `definePermissions(...)`. A TypeScript module is loaded through tsx, whose
// loader is registered only then: the compiled package needs no TypeScript loader otherwise.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPermissions, type Permissions } from './definePermissions.ts';
import { RuleTreeError } from './ruleTreeError.ts';

const TYPESCRIPT_MODULE = /\.[cm]?tsx?$/;
let typescriptLoader: Promise<unknown> | undefined;

/** Registers tsx's ES module loader once, so `import()` of a `.ts` rules module (and what it imports) works. */
function loadTypescript(): Promise<unknown> {
  typescriptLoader ??= import('tsx/esm/api').then(({ register }) => register());
  return typescriptLoader;
}

export async function loadPermissionsModule(path: string, baseDirectory = process.cwd()): Promise<Permissions> {
  const absolute = resolve(baseDirectory, path);
  let module: Record<string, unknown>;
  try {
    if (TYPESCRIPT_MODULE.test(absolute)) await loadTypescript();
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new RuleTreeError(`authorization.rules: cannot load ${absolute}: ${(error as Error).message.split('\n')[0]}`);
  }
  const exported = module.default ?? module.permissions;
  if (!isPermissions(exported)) {
    throw new RuleTreeError(
      `authorization.rules: ${absolute} must \`export default definePermissions({ Type: { field: rule } }, options)\` (from 'gatehouse')`,
    );
  }
  return exported;
}
