// The installed package's folder, where the demo's supergraph.yaml and schema/ live. Found through the
// package's own name, so it is the same from the sources (src/, under tests) and the build (dist/src/).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PACKAGE_ROOT = dirname(createRequire(import.meta.url).resolve('gatehouse/package.json'));

/** The absolute path of a file shipped at the package's top level (e.g. `supergraph.yaml`, `schema/`). */
export function packageFile(path: string): string {
  return join(PACKAGE_ROOT, path);
}
