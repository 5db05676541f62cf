export { apiSchemaOf } from './apiSchemaOf.ts';
export { composedSupergraphSource } from './composedSupergraphSource.ts';
export { fileSupergraphSource, readSupergraphFile } from './fileSupergraphSource.ts';
export { type RegistrySupergraphSourceOptions, registrySupergraphSource } from './registrySupergraphSource.ts';
export { ServingSupergraph, type SupergraphEvents } from './servingSupergraph.ts';
export { type SupergraphSource, type SupergraphSourceHandlers, staticSupergraphSource } from './supergraphSource.ts';
export { InvalidSupergraphError, supergraphId, type ValidSupergraph, validateSupergraphSdl } from './validateSupergraphSdl.ts';
