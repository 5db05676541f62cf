// The files GraphiQL's page loads, from the installed packages: graphiql's browser build (UMD, which
// needs React 18's UMD builds beside it), its stylesheet, and our few lines that start it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

export function graphiqlAssetFiles(): Record<string, string> {
  return {
    'react.js': join(packageDir('react'), 'umd/react.production.min.js'),
    'react-dom.js': join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    'graphiql.js': join(packageDir('graphiql'), 'graphiql.min.js'),
    'graphiql.css': join(packageDir('graphiql'), 'graphiql.min.css'),
    'start-graphiql.js': fileURLToPath(new URL('assets/startGraphiql.js', import.meta.url)),
  };
}
