// The registry's client side, what gateways and the CLI load: the HTTP client and usage reporting.
// Light on purpose: no store, no server, no schema diffing.

export type * from '../service/registryTypes.ts';
export { type UsageReportingOptions, usageReportingFeature, usageReportingFeaturesFor } from '../usage/usageReportingFeature.ts';
export {
  RegistryClient,
  type RegistryClientOptions,
  RegistryRequestError,
  RegistryUnreachableError,
  type SupergraphFetch,
  type Wire,
} from './registryClient.ts';
