export { expandEnvironmentReferences, MissingEnvironmentVariableError } from './expandEnvironment.ts';
export { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema, parseByteSize } from './gatewayConfig.ts';
export { ConfigError, parseGatewayConfig, readGatewayConfigFile } from './parseGatewayConfig.ts';
