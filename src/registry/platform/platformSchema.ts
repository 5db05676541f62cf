// The platform API's schema, built once from platformSchema.graphql (kept as SDL so it reads as what it is).
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const PLATFORM_SCHEMA_SDL = readFileSync(new URL('./platformSchema.graphql', import.meta.url), 'utf8');

export const platformSchema: GraphQLSchema = buildSchema(PLATFORM_SCHEMA_SDL);
