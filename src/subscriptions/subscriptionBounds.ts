// Counts what clients hold open, for the bounds in config: subscriptions per principal, and WebSocket
// connections plus SSE streams per client address. (Per connection, graphql-ws counts its own.)
export class OpenCounts {
  readonly #counts = new Map<string, number>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Takes one place for `key`; undefined when it already holds the most allowed. The function gives it back. */
  acquire(key: string): (() => void) | undefined {
    const count = this.#counts.get(key) ?? 0;
    if (count >= this.#max) return undefined;
    this.#counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left === 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }

  /** Whether `key` may take one more place. */
  admits(key: string): boolean {
    return (this.#counts.get(key) ?? 0) < this.#max;
  }
}
