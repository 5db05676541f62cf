// The registry's client side, what gateways and the CLI load: the HTTP client.
// Light on purpose: no store, no server, no schema diffing, not even graphql (the CLI answers fast).

export type * from '../service/registryTypes.ts';
export {
  RegistryClient,
  type RegistryClientOptions,
  RegistryRequestError,
  RegistryUnreachableError,
  type SupergraphFetch,
  type Wire,
} from './registryClient.ts';
