// Loads `authorization.rules: ./permissions.ts`: a TypeScript or JavaScript module whose default (or
// `permissions`) export is `definePermissions(...)`. TypeScript loads under the `gatehouse` CLI (tsx).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPermissions, type Permissions } from './definePermissions.ts';
import { RuleTreeError } from './ruleTreeError.ts';

export async function loadPermissionsModule(path: string, baseDirectory = process.cwd()): Promise<Permissions> {
  const absolute = resolve(baseDirectory, path);
  let module: Record<string, unknown>;
  try {
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
