// Every rejection the limits make, one factory per stable code, with its HTTP status beside it.
import { defineError } from '../errors/index.ts';

export const maxBytesExceeded = defineError('MAX_BYTES_EXCEEDED', 400);
export const maxTokensExceeded = defineError('MAX_TOKENS_EXCEEDED', 400);
export const maxNestingExceeded = defineError('MAX_NESTING_EXCEEDED', 400);
export const maxSelectionsExceeded = defineError('MAX_SELECTIONS_EXCEEDED', 400);
export const maxDepthExceeded = defineError('MAX_DEPTH_EXCEEDED', 400);
export const maxHeightExceeded = defineError('MAX_HEIGHT_EXCEEDED', 400);
export const maxAliasesExceeded = defineError('MAX_ALIASES_EXCEEDED', 400);
export const maxRootFieldsExceeded = defineError('MAX_ROOT_FIELDS_EXCEEDED', 400);
export const maxDirectivesExceeded = defineError('MAX_DIRECTIVES_EXCEEDED', 400);
export const costEstimatedTooExpensive = defineError('COST_ESTIMATED_TOO_EXPENSIVE', 400);
export const slicingArgumentRequired = defineError('SLICING_ARGUMENT_REQUIRED', 400);
export const rateLimited = defineError('RATE_LIMITED', 429);
export const rateLimitUnavailable = defineError('RATE_LIMIT_UNAVAILABLE', 503);
export const persistedQueryNotInList = defineError('PERSISTED_QUERY_NOT_IN_LIST', 400);
export const batchingDisabled = defineError('BATCHING_DISABLED', 400);
export const maxBatchSizeExceeded = defineError('MAX_BATCH_SIZE_EXCEEDED', 400);
