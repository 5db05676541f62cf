// The two places subscriptions sit in the gateway's executor chain. Outermost (`recordingSubscription`):
// a subscription operation from a streaming transport is recorded with the executor beneath it, so each
// later event passes every feature's wrapper (authorization above all) like a request does. Innermost
// (`executingSubscriptions`, in place of @apollo/gateway, which cannot run them): at subscribe time the
// plan of the operation as the features let it through is recorded; at each event, that plan runs
// over the event.
import type { GraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../observability/index.ts';
import type { GatehouseContext, GatewayInterface } from '../pipeline/index.ts';
import type { GatewayExecutor, GatewayRequestContext } from './gatewayTypes.ts';
import { subscriptionTransportRequired } from './subscriptionErrors.ts';
import { type FetchHeadersOf, type SubgraphEvent, type SubscriptionPlan, SupergraphSubscriptionPlans } from './subscriptionPlans.ts';

/** What a subscription's passage through the executor chain records, at subscribe time. */
export interface SubscriptionStart {
  readonly phase: 'start';
  /** The operation as the client sent it, and the executor beneath the outermost wrapper. */
  requestContext?: GatewayRequestContext;
  execute?: GatewayExecutor;
  /** Set when every feature let the subscription through: the plan to subscribe with. */
  accepted?: { plan: SubscriptionPlan; requestContext: GatewayRequestContext; routingUrl: string };
}

export interface SubscriptionEvent {
  readonly phase: 'event';
  readonly event: SubgraphEvent;
}

declare module '../pipeline/context.ts' {
  interface GatehouseContext {
    /** Set by the streaming transports: a subscription being started, or one of its events being executed. */
    subscription?: SubscriptionStart | SubscriptionEvent;
  }
}

function isSubscription(requestContext: GatewayRequestContext): boolean {
  return requestContext.operation?.operation === 'subscription';
}

function wrapExecutor(gateway: GatewayInterface, wrap: (executor: GatewayExecutor) => GatewayExecutor): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return loaded.executor ? { ...loaded, executor: wrap(loaded.executor) } : loaded;
    },
  };
}

export function recordingSubscriptions(gateway: GatewayInterface): GatewayInterface {
  return wrapExecutor(gateway, (execute) => async (requestContext) => {
    if (!isSubscription(requestContext)) return execute(requestContext);
    const call = (requestContext.context as GatehouseContext).subscription;
    if (call?.phase !== 'start') {
      return {
        errors: [
          subscriptionTransportRequired(
            'Subscriptions are served over WebSocket (graphql-ws) or SSE (Accept: text/event-stream) at this path',
          ),
        ],
      };
    }
    call.requestContext = requestContext;
    call.execute = execute;
    return execute(requestContext);
  });
}

export function executingSubscriptions(
  gateway: GatewayInterface,
  buildDataSource: (definition: ServiceEndpointDefinition) => GraphQLDataSource,
  headersOf: FetchHeadersOf,
  logger: Logger,
): GatewayInterface {
  // Planning needs the supergraph built a second time (with its own planner): done on the first
  // subscription to a supergraph that has a Subscription type, and kept as long as that schema is.
  const plansOf = new WeakMap<GraphQLSchema, () => SupergraphSubscriptionPlans>();
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    if (!apiSchema.getSubscriptionType()) return;
    let plans: SupergraphSubscriptionPlans | undefined;
    plansOf.set(apiSchema, () => {
      plans ??= new SupergraphSubscriptionPlans(coreSupergraphSdl, buildDataSource, headersOf);
      return plans;
    });
  });
  return wrapExecutor(gateway, (execute) => async (requestContext) => {
    const call = (requestContext.context as GatehouseContext).subscription;
    if (!isSubscription(requestContext) || !call) return execute(requestContext);
    const plans = plansOf.get(requestContext.schema)?.();
    if (!plans) {
      logger.error('a subscription reached the gateway for a schema without subscription plans');
      throw new Error('no subscription plans for the serving schema');
    }
    const plan = plans.planFor(requestContext);
    if (call.phase === 'start') {
      call.accepted = { plan, requestContext, routingUrl: plans.routingUrls.get(plan.primary.serviceName) ?? '' };
      return { data: null };
    }
    return plans.executeEvent(plan, requestContext, call.event);
  });
}
