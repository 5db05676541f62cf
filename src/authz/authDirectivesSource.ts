// @apollo/gateway refuses a supergraph whose @link marks @authenticated, @requiresScopes or @policy
// `for: SECURITY`: it cannot enforce them. Gatehouse can, so when authorization runs the supergraph is
// handed on with those three links unmarked (the directives stay in the SDL, where the rules read them).
// Without authorization the mark stays, and such a supergraph is still refused: never silently unguarded.
import type { SupergraphSource, SupergraphSourceHandlers } from '../supergraph/index.ts';

const SECURITY_LINK =
  /(@link\(\s*url:\s*"https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[0-9.]+"[^)]*?),?\s*for:\s*SECURITY\s*\)/g;

export function unmarkEnforcedSecurityFeatures(sdl: string): string {
  return sdl.replace(SECURITY_LINK, '$1)');
}

export function enforcingAuthDirectives(source: SupergraphSource): SupergraphSource {
  return {
    description: source.description,
    async start(handlers: SupergraphSourceHandlers) {
      const first = await source.start({
        update: (sdl) => handlers.update(unmarkEnforcedSecurityFeatures(sdl)),
        error: (error) => handlers.error(error),
      });
      return unmarkEnforcedSecurityFeatures(first);
    },
    stop: () => source.stop(),
  };
}
