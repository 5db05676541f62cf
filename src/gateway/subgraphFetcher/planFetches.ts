// One client request's subgraph fetches. The fetches its query plan starts in one turn of the event loop
// (the branches of a Parallel node, or fetches resumed by answers read together) are gathered, then sent
// per subgraph: entity fetches of the same operation become one, and no entity representation is sent
// twice in the plan (one already asked for with the same operation is answered from that fetch, in flight
// or done); with `batching` on, a subgraph gets all of the turn's operations in one HTTP request.
// Answers stay those of the unmerged fetches: entities in each fetch's order, each fetch its own copy
// (the gateway merges answers into its result in place), errors moved to each fetch's own indices.
import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphTraffic } from '../../config/subgraphsConfig.ts';

export interface SubgraphOperation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** Sends operations to one subgraph: one per HTTP request, or all in one batch. One response per operation, in order. */
export type SendOperations = (operations: readonly SubgraphOperation[], batch: boolean) => Promise<SubgraphResponse[]>;

interface PendingFetch {
  operation: SubgraphOperation;
  traffic: Pick<SubgraphTraffic, 'batching' | 'deduplicate_entities'>;
  send: SendOperations;
  resolve(response: SubgraphResponse): void;
}

/** The answer to one sent entities operation: its entities (undefined when it failed) and its errors, by representation. */
interface SentEntities {
  entities: readonly unknown[] | undefined;
  byIndex: ReadonlyMap<number, readonly GraphQLFormattedError[]>;
  general: readonly GraphQLFormattedError[];
}

/** Where a representation's entity is: the operation that asked for it, and its index there. */
interface EntityRef {
  sent: Promise<SentEntities>;
  index: number;
}

interface Outgoing {
  operation: SubgraphOperation;
  /** Where the answer goes: a fetch's whole response, or its entities by representation. */
  settle(response: SubgraphResponse): void;
}

/**
 * A short id per entity operation text, the name the gateway gives each fetch (Query__subgraph__3) left out:
 * the same selection under another name is the same fetch. Memoised by the gateway's text, so a plan does not
 * rewrite and rehash texts of a few KB per fetch. Ids are never reused, so a memo started over (a gateway
 * serving thousands of distinct fetch operations) cannot merge different operations of a plan in flight.
 */
const entityOperationIds = new Map<string, string | undefined>();
const idsByText = new Map<string, string>();
const ENTITY_OPERATIONS_MAX = 4096;
let nextEntityOperationId = 0;

function entityOperationId(query: string): string | undefined {
  if (entityOperationIds.has(query)) return entityOperationIds.get(query);
  const text = query.replace(/^\s*query\s+[_A-Za-z][_0-9A-Za-z]*/, 'query');
  let id: string | undefined;
  if (text.startsWith('query')) {
    id = idsByText.get(text);
    if (id === undefined) {
      id = String(nextEntityOperationId++);
      idsByText.set(text, id);
    }
  }
  if (entityOperationIds.size >= ENTITY_OPERATIONS_MAX) {
    entityOperationIds.clear();
    idsByText.clear();
  }
  entityOperationIds.set(query, id);
  return id;
}

/** A fetch whose operation reads `_entities(representations: $representations)`, with no other variables that differ. */
function entityFetchKey(operation: SubgraphOperation): string | undefined {
  const { variables } = operation;
  if (!variables || !Array.isArray(variables.representations)) return undefined;
  const id = entityOperationId(operation.query);
  if (id === undefined) return undefined;
  const { representations: _, ...others } = variables;
  return `${id}\u0000${JSON.stringify(others)}`;
}

/** A deep copy of a JSON value (entities are plain JSON: objects, arrays, scalars). */
function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyJson((value as Record<string, unknown>)[key]);
  return copy;
}

/** The errors of an entities answer, by the representation they are about (path `_entities.<index>…`); the rest concern every one. */
function splitEntityErrors(errors: readonly GraphQLFormattedError[] | undefined, count: number) {
  const byIndex = new Map<number, GraphQLFormattedError[]>();
  const general: GraphQLFormattedError[] = [];
  for (const error of errors ?? []) {
    const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
    if (typeof index === 'number' && index >= 0 && index < count) {
      const own = byIndex.get(index);
      if (own) own.push(error);
      else byIndex.set(index, [error]);
    } else general.push(error);
  }
  return { byIndex, general };
}

export class PlanFetches {
  static readonly #byRequest = new WeakMap<object, PlanFetches>();

  /** The plan fetches of one client request (keyed by its request context, so they end with it). */
  static of(request: object): PlanFetches {
    let plan = PlanFetches.#byRequest.get(request);
    if (!plan) {
      plan = new PlanFetches();
      PlanFetches.#byRequest.set(request, plan);
    }
    return plan;
  }

  #pending = new Map<string, PendingFetch[]>();
  #scheduled = false;
  /** Every representation asked for in this plan: by subgraph and operation, then by representation. */
  readonly #entities = new Map<string, Map<string, EntityRef>>();

  fetch(subgraph: string, fetch: Omit<PendingFetch, 'resolve'>): Promise<SubgraphResponse> {
    return new Promise((resolve) => {
      const pending = this.#pending.get(subgraph);
      if (pending) pending.push({ ...fetch, resolve });
      else this.#pending.set(subgraph, [{ ...fetch, resolve }]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = new Map();
    this.#scheduled = false;
    for (const [subgraph, fetches] of pending) this.#sendTurn(subgraph, fetches);
  }

  #sendTurn(subgraph: string, fetches: readonly PendingFetch[]): void {
    const outgoing: Outgoing[] = [];
    const entityGroups = new Map<string, PendingFetch[]>();
    for (const fetch of fetches) {
      const key = fetch.traffic.deduplicate_entities ? entityFetchKey(fetch.operation) : undefined;
      if (key === undefined) {
        outgoing.push({ operation: fetch.operation, settle: fetch.resolve });
        continue;
      }
      const group = entityGroups.get(key);
      if (group) group.push(fetch);
      else entityGroups.set(key, [fetch]);
    }
    for (const [key, group] of entityGroups) this.#mergeEntityFetches(`${subgraph}\u0000${key}`, group, outgoing);
    if (outgoing.length === 0) return;
    const { send, traffic } = fetches[0] as PendingFetch;
    const batches = traffic.batching && outgoing.length > 1 ? [outgoing] : outgoing.map((one) => [one]);
    for (const batch of batches) {
      void send(
        batch.map((one) => one.operation),
        batch.length > 1,
      ).then((responses) => {
        batch.forEach((one, index) => {
          one.settle(responses[index] ?? {});
        });
      });
    }
  }

  /** Fetches of one entity operation: each representation asked for once in the plan, each fetch answered in its own order. */
  #mergeEntityFetches(operationKey: string, group: readonly PendingFetch[], outgoing: Outgoing[]): void {
    const first = group[0] as PendingFetch;
    const toSend: unknown[] = [];
    let settle: (answer: SentEntities) => void = () => {};
    const sent = new Promise<SentEntities>((resolve) => {
      settle = resolve;
    });
    // Keyed in two levels, so no key joining the operation's and the representation's is built per representation.
    let asked = this.#entities.get(operationKey);
    if (!asked) {
      asked = new Map();
      this.#entities.set(operationKey, asked);
    }
    const refsOf = group.map((fetch) =>
      ((fetch.operation.variables?.representations ?? []) as unknown[]).map((representation) => {
        const key = JSON.stringify(representation);
        let ref = asked.get(key);
        if (!ref) {
          ref = { sent, index: toSend.length };
          toSend.push(representation);
          asked.set(key, ref);
        }
        return ref;
      }),
    );
    if (toSend.length > 0) {
      outgoing.push({
        operation: { ...first.operation, variables: { ...first.operation.variables, representations: toSend } },
        settle: (response) => {
          const entities = response.data?._entities;
          const answered = Array.isArray(entities) && entities.length === toSend.length;
          if (!answered) return settle({ entities: undefined, byIndex: new Map(), general: response.errors ?? [] });
          settle({ entities, ...splitEntityErrors(response.errors, toSend.length) });
        },
      });
    }
    group.forEach((fetch, index) => {
      const refs = refsOf[index] as EntityRef[];
      const waitingFor = [...new Set(refs.map((ref) => ref.sent))];
      void Promise.all(waitingFor).then((answers) => {
        fetch.resolve(answerOf(refs, new Map(waitingFor.map((sent, at) => [sent, answers[at] as SentEntities]))));
      });
    });
  }
}

/** One fetch's response, in its order, once the operations its representations were asked in have answered. */
function answerOf(refs: readonly EntityRef[], answers: ReadonlyMap<Promise<SentEntities>, SentEntities>): SubgraphResponse {
  const errors: GraphQLFormattedError[] = [];
  for (const answer of answers.values()) {
    if (answer.entities === undefined) return { errors: [...answer.general] };
    errors.push(...answer.general);
  }
  const entities: unknown[] = new Array(refs.length);
  refs.forEach((ref, index) => {
    const answer = answers.get(ref.sent) as SentEntities;
    entities[index] = copyJson(answer.entities?.[ref.index] ?? null);
    for (const error of answer.byIndex.get(ref.index) ?? []) {
      errors.push({ ...error, path: ['_entities', index, ...(error.path ?? []).slice(2)] });
    }
  });
  return errors.length > 0 ? { data: { _entities: entities }, errors } : { data: { _entities: entities } };
}
