// The shapes of @apollo/server's gateway interface the subscription wrappers see, named once.
import type { GatewayInterface } from '../pipeline/index.ts';

export type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
export type GatewayRequestContext = Parameters<GatewayExecutor>[0];
export type GatewayExecutionResult = Awaited<ReturnType<GatewayExecutor>>;
