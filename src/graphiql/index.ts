// GraphiQL, the GraphQL IDE, served by the gateway at its GraphQL endpoint from the installed package.
export { graphiqlFeature } from './graphiqlFeature.ts';
