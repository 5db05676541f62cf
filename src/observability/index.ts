export { joinClusterMetrics, serveClusterMetrics } from './clusterMetrics.ts';
export { createObservability, type Observability, type ObservabilityOptions } from './createObservability.ts';
export { GatewayMetrics, type RequestOutcome } from './gatewayMetrics.ts';
export { createLogger, type Logger, type LoggerOptions, silentLogger } from './logger.ts';
export { RuleDecisionMetrics, type RuleDecisionOutcome, type RuleTally } from './ruleDecisionMetrics.ts';
export { startTracing, type Tracing } from './tracing.ts';
