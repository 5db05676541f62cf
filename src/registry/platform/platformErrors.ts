// How a failed field reads in the platform API's answer. rover prints only the message, so it carries
// what CI needs (every composition error with its code); `extensions` keeps the registry's code and
// details for other clients. Anything unexpected is logged and answered without its internals.
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from '../../observability/index.ts';
import { COMPOSITION_FAILED, RegistryError } from '../registryErrors.ts';

function messageOf(error: RegistryError): string {
  const problems = error.details.compositionErrors;
  if (error.code !== COMPOSITION_FAILED || !Array.isArray(problems)) return error.message;
  const lines = (problems as { code: string; message: string }[]).map((problem) => `${problem.code}: ${problem.message}`);
  return [error.message, ...lines].join('\n');
}

export function formatPlatformError(error: GraphQLError, logger: Logger): GraphQLFormattedError {
  const cause = error.originalError;
  if (cause === undefined || cause === null || cause.name === 'GraphQLError') return error.toJSON();
  const located = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
  if (cause instanceof RegistryError) {
    return { message: messageOf(cause), ...located, extensions: { code: cause.code, ...cause.details } };
  }
  logger.error({ err: cause, path: error.path }, 'registry platform API failed');
  return { message: 'the registry failed to answer this field; see its log', ...located, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
