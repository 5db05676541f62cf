export type { EndReason, SubscriptionObserver, SubscriptionRecord, Transport } from './subscriptionService.ts';
export { createSubscriptions, type Subscriptions, type SubscriptionsOptions } from './subscriptionsFeature.ts';
