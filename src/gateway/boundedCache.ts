// The LRU behind Apollo's per-document caches (Apollo Server's document store, the gateway's query
// plan store): bounded in entries and in approximate bytes, so neither many small documents nor a
// few huge ones can grow it without limit.
import { LRUCache } from 'lru-cache';
import type { CacheBounds } from '../config/cacheConfig.ts';

/** Approximate memory of a cached value: its JSON size, as Apollo's own caches estimate it (paid on a miss only). */
function approximateBytes(value: object, key: string): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8') + key.length;
}

export class BoundedCache<V extends object> {
  readonly #entries: LRUCache<string, V>;

  constructor(bounds: CacheBounds) {
    this.#entries = new LRUCache<string, V>({
      max: bounds.max_entries,
      maxSize: Math.floor(bounds.max_mb * 2 ** 20),
      sizeCalculation: approximateBytes,
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<V | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, value: V): Promise<void> {
    this.#entries.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
