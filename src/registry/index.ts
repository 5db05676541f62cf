// The schema registry: its store, operations, HTTP API and the gateway's usage reporting.
export type { RegistryPermission } from './access/permissions.ts';
export type { RegistryPrincipal } from './access/registryPrincipal.ts';
export { RegistryClient, RegistryRequestError, RegistryUnreachableError, type Wire } from './client/index.ts';
export { DEFAULT_GRAPH_REF, formatGraphRef, type GraphRef } from './graphRef.ts';
export { createRegistryHttpServer } from './http/registryHttpServer.ts';
export { RegistryError } from './registryErrors.ts';
export { seedRegistryFromSupergraphConfig } from './seedRegistry.ts';
export { Registry, type RegistryCheckPolicy } from './service/registry.ts';
export type * from './service/registryTypes.ts';
export { type RunningRegistry, type StartRegistryOptions, startRegistry } from './startRegistry.ts';
export { openRegistryStore, type RegistryStoreOptions } from './store/openRegistryStore.ts';
export type { RegistryStore } from './store/registryStore.ts';
export { collectSchemaCoordinates } from './usage/collectSchemaCoordinates.ts';
export { type UsageReportingOptions, usageReportingFeature, usageReportingFeaturesFor } from './usage/index.ts';
