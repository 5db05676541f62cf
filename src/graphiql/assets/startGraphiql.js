// Starts GraphiQL (its UMD build, with React 18's) on the page the gateway served, with the settings the
// page carries: the GraphQL endpoint (and whether it serves subscriptions) and the opening query that
// explains the Authorization header.
/* global React, ReactDOM, GraphiQL */
const settings = JSON.parse(document.getElementById('graphiql-settings').textContent);
const endpoint = new URL(settings.url, window.location.href);
// Subscriptions go over WebSocket (graphql-ws) to the same path; the Headers tab's values travel in connection_init.
const subscriptionUrl = new URL(endpoint.href);
subscriptionUrl.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = GraphiQL.createFetcher({
  url: endpoint.href,
  ...(settings.subscriptions ? { subscriptionUrl: subscriptionUrl.href } : {}),
});
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: settings.query,
    defaultHeaders: '{\n  \n}',
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }),
);
