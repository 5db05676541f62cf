// Where a supergraph comes from. Each source yields candidate SDLs; ServingSupergraph decides what serves.

export interface SupergraphSourceHandlers {
  /** A new candidate supergraph (validated by the caller before it serves). */
  update(sdl: string): void;
  /** The source could not produce a candidate; the serving supergraph stays. */
  error(error: Error): void;
}

export interface SupergraphSource {
  /** For logs, e.g. `file ./supergraph.graphql`. */
  readonly description: string;
  /** Resolves with the first supergraph, then reports later ones through the handlers. */
  start(handlers: SupergraphSourceHandlers): Promise<string>;
  stop(): Promise<void>;
}

export function staticSupergraphSource(sdl: string, description = 'inline supergraph'): SupergraphSource {
  return { description, start: async () => sdl, stop: async () => {} };
}
