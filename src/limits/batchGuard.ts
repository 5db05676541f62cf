// Batched requests (a JSON array of operations in one POST) are refused unless batching is on, and
// then only up to `batching.max_size`, before any operation in the batch is looked at.
import type { BatchingConfig } from '../config/limitsConfig.ts';
import { batchingDisabled, maxBatchSizeExceeded } from './limitErrors.ts';

export function admitBatch(batch: readonly unknown[], config: BatchingConfig): void {
  if (!config.enabled) throw batchingDisabled('Batched requests are not accepted here: send one operation per request.');
  if (batch.length > config.max_size) {
    throw maxBatchSizeExceeded(`The batch has ${batch.length} operations; the limit is ${config.max_size}.`, {
      details: { batchSize: batch.length, maxBatchSize: config.max_size },
    });
  }
}
