// Which documents the gateway knows by id, and which it accepts: Apollo Server runs the APQ protocol
// itself with this store as its `persistedQueries.cache`, so an id resolves to a manifest document
// first, then to one a client registered through APQ. With a safelist, a document is accepted only
// if the manifest lists it (by id, or by its full text); in `log` mode the rest is served and logged.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PersistedQueriesConfig } from '../../config/limitsConfig.ts';
import type { Logger } from '../../observability/index.ts';
import { persistedQueryNotInList } from '../limitErrors.ts';
import type { PersistedQueryManifest } from './persistedQueryManifest.ts';

/** Apollo Server prefixes the keys of its APQ cache with this (`APQ_CACHE_PREFIX` in its request pipeline). */
export const APQ_KEY_PREFIX = 'apq:';

/** Registered APQ documents kept, in UTF-16 code units of text (least recently used go first). */
const APQ_CACHE_TEXT_SIZE = 32 * 1024 * 1024;

/** The shape of Apollo Server's `persistedQueries.cache` (a KeyValueCache of strings). */
export interface DocumentCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export class TrustedDocuments implements DocumentCache {
  readonly #manifest: PersistedQueryManifest | undefined;
  readonly #mode: 'enforce' | 'log' | undefined;
  readonly #registered: LRUCache<string, string> | undefined;
  readonly #logger: Logger;

  constructor(config: PersistedQueriesConfig, manifest: PersistedQueryManifest | undefined, logger: Logger) {
    this.#manifest = manifest;
    this.#mode = manifest ? config.safelist?.mode : undefined;
    this.#registered = config.apq
      ? new LRUCache({ maxSize: APQ_CACHE_TEXT_SIZE, sizeCalculation: (text) => Math.max(1, text.length) })
      : undefined;
    this.#logger = logger;
  }

  /** Whether Apollo Server should accept ids at all (APQ on, or a manifest to look them up in). */
  get acceptsIds(): boolean {
    return this.#registered !== undefined || this.#manifest !== undefined;
  }

  /** The document an id stands for, if any. */
  documentFor(id: string): string | undefined {
    return this.#manifest?.byId.get(id) ?? this.#registered?.get(APQ_KEY_PREFIX + id);
  }

  /** Refuses (or, in `log` mode, reports) a document the safelist does not list. */
  admit(document: string, operationName: string | undefined): void {
    if (!this.#manifest || this.#mode === undefined || this.#manifest.documents.has(document)) return;
    if (this.#mode === 'log') {
      // The hash is what a manifest would list it under (Apollo's format uses the SHA-256 of the text).
      const sha256 = createHash('sha256').update(document).digest('hex');
      this.#logger.warn({ operationName, sha256 }, 'operation not in the persisted-query safelist (served: safelist mode is `log`)');
      return;
    }
    throw persistedQueryNotInList('This operation is not in the persisted-query safelist.', { details: { operationName } });
  }

  async get(key: string): Promise<string | undefined> {
    const id = key.startsWith(APQ_KEY_PREFIX) ? key.slice(APQ_KEY_PREFIX.length) : key;
    return this.#manifest?.byId.get(id) ?? this.#registered?.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.#registered?.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#registered?.delete(key) ?? false;
  }
}
