export { type RequestContextBuilder, requestContextBuilder } from './buildRequestContext.ts';
export type { GatehouseContext } from './context.ts';
export type { GatewayFeature, GatewayInterface } from './gatewayFeature.ts';
export { headerMapOf } from './headerMapOf.ts';
