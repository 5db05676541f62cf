// Starts GraphiQL (its UMD build, with React 18's) on the page the gateway served, with the settings the
// page carries: the GraphQL endpoint and the opening query that explains the Authorization header.
/* global React, ReactDOM, GraphiQL */
const settings = JSON.parse(document.getElementById('graphiql-settings').textContent);
const fetcher = GraphiQL.createFetcher({ url: new URL(settings.url, window.location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: settings.query,
    defaultHeaders: '{\n  \n}',
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }),
);
