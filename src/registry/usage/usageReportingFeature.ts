// The gateway's side of usage-aware checks: after an operation resolves, note which schema
// coordinates it uses (worked out once per distinct document and schema) and which client ran it;
// the reporter sends batches to the registry on a timer, never on the request's path.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../../config/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { GatehouseContext, GatewayFeature } from '../../pipeline/index.ts';
import { RegistryClient } from '../client/registryClient.ts';
import { collectSchemaCoordinates } from './collectSchemaCoordinates.ts';
import { UsageReporter, type UsedOperation } from './usageReporter.ts';

export interface UsageReportingOptions {
  url: string;
  token: string | undefined;
  /** The graph variant the usage is recorded for; by default the registry's default variant. */
  graphRef?: string | undefined;
  /** How long one report may take; also bounds how long closing the gateway waits for the last one. */
  timeoutMs: number;
  flushIntervalMs: number;
  maxOperationsPerReport: number;
  maxPendingOperations: number;
  clientNameHeader: string;
  clientVersionHeader: string;
  logger: Logger;
}

/** Distinct documents remembered per schema; beyond it the oldest is forgotten (and recomputed if seen again). */
const DOCUMENTS_PER_SCHEMA = 2_000;

export function usageReportingFeature(options: UsageReportingOptions): GatewayFeature {
  const client = new RegistryClient({ url: options.url, token: options.token, graphRef: options.graphRef, timeoutMs: options.timeoutMs });
  const reporter = new UsageReporter({
    send: (report) => client.reportUsage(report),
    flushIntervalMs: options.flushIntervalMs,
    maxOperationsPerReport: options.maxOperationsPerReport,
    maxPendingOperations: options.maxPendingOperations,
    logger: options.logger.child({ component: 'usage-reporting' }),
  });
  reporter.start();
  const analysed = new WeakMap<GraphQLSchema, Map<string, UsedOperation>>();
  const clientNameHeader = options.clientNameHeader.toLowerCase();
  const clientVersionHeader = options.clientVersionHeader.toLowerCase();

  const plugin: ApolloServerPlugin<GatehouseContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, queryHash, operationName, request }) {
          let bySchema = analysed.get(schema);
          if (!bySchema) {
            bySchema = new Map();
            analysed.set(schema, bySchema);
          }
          const key = `${queryHash}\u0000${operationName ?? ''}`;
          let used = bySchema.get(key);
          if (!used) {
            used = {
              operationHash: createHash('sha256').update(key).digest('hex'),
              operationName: operationName ?? '',
              coordinates: collectSchemaCoordinates(schema, document, operationName),
            };
            if (bySchema.size >= DOCUMENTS_PER_SCHEMA) bySchema.delete(bySchema.keys().next().value as string);
            bySchema.set(key, used);
          }
          const headers = request.http?.headers;
          reporter.record(used, { name: headers?.get(clientNameHeader) ?? '', version: headers?.get(clientVersionHeader) ?? '' });
        },
      };
    },
  };

  return {
    name: 'registry-usage-reporting',
    plugins: [plugin],
    close: () => reporter.stop(),
  };
}

/** The usage-reporting feature the config asks for: on by default when the gateway follows a registry. */
export function usageReportingFeaturesFor(config: GatewayConfig, logger: Logger): GatewayFeature[] {
  const reporting = config.registry.usage_reporting;
  const url = reporting.url ?? config.supergraph.registry?.url;
  if (!reporting.enabled || url === undefined) return [];
  return [
    usageReportingFeature({
      url,
      token: reporting.token ?? config.supergraph.registry?.token,
      graphRef: reporting.graph_ref ?? config.supergraph.registry?.graph_ref,
      timeoutMs: config.supergraph.registry?.timeout ?? 5_000,
      flushIntervalMs: reporting.flush_interval,
      maxOperationsPerReport: reporting.max_operations_per_report,
      maxPendingOperations: reporting.max_pending_operations,
      clientNameHeader: reporting.client_name_header,
      clientVersionHeader: reporting.client_version_header,
      logger,
    }),
  ];
}
