// The HTML page a browser gets at the GraphQL endpoint: GraphiQL, its settings in a JSON element
// (the endpoint, the explanation in the query editor), and the assets served beside it.
import { escapeHtml, jsonForScript } from '../web/index.ts';
import { GRAPHIQL_ASSETS_PATH } from './graphiqlAssets.ts';

export interface GraphiqlPageOptions {
  graphqlPath: string;
  /** How to get a token, shown in the query editor's opening comment (the demo's `gatehouse token` command). */
  tokenHelp: string | undefined;
  /** Whether the gateway serves subscriptions (graphql-ws at the same path): GraphiQL then runs them over WebSocket. */
  subscriptions: boolean;
}

function openingQuery(tokenHelp: string | undefined): string {
  const lines = [
    '# GraphiQL on Gatehouse: write a query, run it with Ctrl-Enter (Cmd-Enter on a Mac).',
    '# Completion and the docs come from the gateway’s API schema (when introspection is on).',
    '#',
    '# To call as a user, add a token in the Headers tab below:',
    '#   { "Authorization": "Bearer <token>" }',
    ...(tokenHelp ? tokenHelp.split('\n').map((line) => `# ${line}`) : []),
    '',
    'query {',
    '  __typename',
    '}',
    '',
  ];
  return lines.join('\n');
}

export function graphiqlPage(options: GraphiqlPageOptions): string {
  const settings = { url: options.graphqlPath, subscriptions: options.subscriptions, query: openingQuery(options.tokenHelp) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Gatehouse</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql" aria-label="${escapeHtml('GraphiQL')}">Loading GraphiQL…</div>
<script id="graphiql-settings" type="application/json">${jsonForScript(settings)}</script>
<script src="${GRAPHIQL_ASSETS_PATH}/react.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/react-dom.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/graphiql.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/start-graphiql.js"></script>
</body>
</html>
`;
}
