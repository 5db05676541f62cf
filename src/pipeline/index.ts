export type { GatehouseContext } from './context.ts';
export type { GatewayFeature, GatewayInterface } from './gatewayFeature.ts';
