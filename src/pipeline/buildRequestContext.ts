// Builds an operation's context the way every transport must: the request id, then each feature's
// fields (principal, budgets, telemetry, …) in feature order. A feature may refuse by throwing a GraphQLError.
import type { FastifyRequest } from 'fastify';
import type { GatehouseContext } from './context.ts';
import type { GatewayFeature } from './gatewayFeature.ts';

export type RequestContextBuilder = (request: FastifyRequest, requestId: string) => Promise<GatehouseContext>;

export function requestContextBuilder(features: readonly GatewayFeature[]): RequestContextBuilder {
  const extenders = features.flatMap((feature) => (feature.extendContext ? [feature.extendContext.bind(feature)] : []));
  return async (request, requestId) => {
    const context: GatehouseContext = { requestId };
    for (const extend of extenders) await extend(request, context);
    return context;
  };
}
