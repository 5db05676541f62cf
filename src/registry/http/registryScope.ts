// Which graph variant a registry route works on. The routes under /api/v1 serve the registry's default
// variant; the same routes under /api/v1/graphs/:ref serve the variant a graph ref names (`shop@prod`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GRAPH_REF_FORMAT, type GraphRef, parseGraphRef } from '../graphRef.ts';
import { badRequest } from '../registryErrors.ts';
import type { Registry } from '../service/registry.ts';
import type { RegistryGraphs } from '../service/registryGraphs.ts';

export interface RegistryScope {
  /** The routes' common prefix, e.g. `/api/v1` or `/api/v1/graphs/:ref`. */
  base: string;
  registryOf(request: FastifyRequest): Promise<Registry>;
}

export function defaultScope(registry: Registry): RegistryScope {
  return { base: '/api/v1', registryOf: async () => registry };
}

/**
 * The graph-ref scope on `app` (an encapsulated fastify context): the ref is taken out of the params
 * before they are validated, so each route's own params schema stays as it is.
 */
export function graphRefScope(app: FastifyInstance, graphs: RegistryGraphs): RegistryScope {
  const refs = new WeakMap<FastifyRequest, GraphRef>();
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, string>;
    const ref = parseGraphRef(params.ref ?? '');
    if (!ref) throw badRequest(`params.ref: ${GRAPH_REF_FORMAT}`);
    delete params.ref;
    refs.set(request, ref);
  });
  return {
    base: '/api/v1/graphs/:ref',
    registryOf(request) {
      const ref = refs.get(request);
      if (!ref) throw badRequest(`params.ref: ${GRAPH_REF_FORMAT}`);
      return graphs.variant(ref);
    },
  };
}
