// The platform API: the GraphQL endpoint rover talks to when APOLLO_REGISTRY_URL points at the registry.
export { PLATFORM_PATH, type PlatformRouteOptions, registerPlatformRoute } from './platformRoute.ts';
export { PLATFORM_SCHEMA_SDL, platformSchema } from './platformSchema.ts';
