// The supergraph the gateway serves: takes candidates from a source, validates each, swaps in only
// valid ones and keeps the last good one otherwise. It is the `supergraphSdl` of @apollo/gateway.
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { SupergraphSource } from './supergraphSource.ts';
import { type ValidSupergraph, validateSupergraphSdl } from './validateSupergraphSdl.ts';

export interface SupergraphEvents {
  loaded?(supergraph: ValidSupergraph, previous: ValidSupergraph | undefined): void;
  rejected?(error: Error): void;
}

export class ServingSupergraph {
  #current: ValidSupergraph | undefined;
  #update: ((sdl: string) => void) | undefined;
  readonly #listeners: SupergraphEvents[] = [];

  constructor(readonly source: SupergraphSource) {}

  /** The serving supergraph, or undefined before the first one loaded. */
  get current(): ValidSupergraph | undefined {
    return this.#current;
  }

  on(events: SupergraphEvents): void {
    this.#listeners.push(events);
  }

  #emitRejected(error: Error) {
    for (const listener of this.#listeners) listener.rejected?.(error);
  }

  #accept(candidate: string) {
    let valid: ValidSupergraph;
    try {
      valid = validateSupergraphSdl(candidate);
    } catch (error) {
      this.#emitRejected(error as Error);
      return;
    }
    if (valid.id === this.#current?.id) return;
    try {
      // The gateway builds query planner and data sources here; if that throws, it keeps the old one.
      this.#update?.(valid.sdl);
    } catch (error) {
      this.#emitRejected(new Error(`the gateway refused the supergraph: ${(error as Error).message}`));
      return;
    }
    const previous = this.#current;
    this.#current = valid;
    for (const listener of this.#listeners) listener.loaded?.(valid, previous);
  }

  /** The hook @apollo/gateway calls once at load; `update` swaps later supergraphs in. */
  readonly gatewayHook: SupergraphSdlHook = async ({ update }) => {
    const sdl = await this.source.start({ update: (candidate) => this.#accept(candidate), error: (error) => this.#emitRejected(error) });
    let first: ValidSupergraph;
    try {
      first = validateSupergraphSdl(sdl);
    } catch (error) {
      // Nothing serves yet, so the source (a file watcher, a poller) must not outlive the failed start.
      await this.source.stop();
      throw error;
    }
    this.#update = update;
    this.#current = first;
    for (const listener of this.#listeners) listener.loaded?.(first, undefined);
    return { supergraphSdl: first.sdl, cleanup: () => this.source.stop() };
  };
}
