export { describeConfigIssue, suggestKnownKeys } from './describeConfigIssue.ts';
export { expandEnvironmentReferences, MissingEnvironmentVariableError } from './expandEnvironment.ts';
export { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema, parseByteSize } from './gatewayConfig.ts';
export { gatewayConfigJsonSchema } from './gatewayConfigJsonSchema.ts';
export {
  ConfigError,
  type LoadedGatewayConfig,
  loadGatewayConfigFile,
  parseGatewayConfig,
  readGatewayConfigFile,
} from './parseGatewayConfig.ts';
export { type ConfigFileWatcher, watchConfigFile } from './watchConfigFile.ts';
export { mayChangeWatchedFile } from './watchedFileEvent.ts';
