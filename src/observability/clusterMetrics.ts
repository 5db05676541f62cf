// With `--workers`, every worker counts its own requests, and a scrape of /metrics reaches just one
// of them. That worker asks the primary, which gathers every worker's series with prom-client's
// AggregatorRegistry, so each scrape shows the whole group.
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'gatehouse:cluster-metrics';
const ANSWER = 'gatehouse:cluster-metrics-answer';
const ANSWER_TIMEOUT_MS = 3_000;

interface ClusterMetricsMessage {
  type: string;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = (message: unknown): message is ClusterMetricsMessage =>
  typeof message === 'object' && message !== null && typeof (message as ClusterMetricsMessage).type === 'string';

/** In the primary: answers each worker's request for the group's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message) || message.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  });
}

/** In a worker: offers `registry` to the primary's aggregation; the returned function fetches the group's metrics. */
export function joinClusterMetrics(registry: Registry): () => Promise<string> {
  // Constructing one installs prom-client's listener that answers the primary with this worker's series.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, (answer: ClusterMetricsMessage) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (isMessage(message) && message.type === ANSWER) pending.get(message.id)?.(message);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => settle({ type: ANSWER, id, error: 'the primary did not answer' }), ANSWER_TIMEOUT_MS);
      const settle = (answer: ClusterMetricsMessage) => {
        clearTimeout(timer);
        pending.delete(id);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new Error(answer.error ?? 'no metrics'));
      };
      pending.set(id, settle);
      process.send?.({ type: ASK, id });
    });
}
