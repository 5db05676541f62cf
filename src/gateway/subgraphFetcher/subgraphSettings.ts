// The settings each subgraph's fetches use, resolved from config (`subgraphs`, `headers`,
// `include_subgraph_errors`) once per subgraph and config version. A config reload swaps them whole.
import type { GatewayConfig } from '../../config/gatewayConfig.ts';
import type { SubgraphTraffic } from '../../config/subgraphsConfig.ts';
import { type BuildSubgraphHeaders, compileHeaderRules } from '../headers/index.ts';

export type SubgraphSettingsConfig = Pick<GatewayConfig, 'subgraphs' | 'headers' | 'include_subgraph_errors'>;

export interface SubgraphRoute {
  origin: string;
  /** Path and query of the subgraph's endpoint. */
  path: string;
  traffic: SubgraphTraffic;
  buildHeaders: BuildSubgraphHeaders;
}

export class SubgraphSettings {
  #config: SubgraphSettingsConfig;
  readonly #routes = new Map<string, SubgraphRoute>();

  constructor(config: SubgraphSettingsConfig) {
    this.#config = config;
  }

  get config(): SubgraphSettingsConfig {
    return this.#config;
  }

  update(config: SubgraphSettingsConfig): void {
    this.#config = config;
    this.#routes.clear();
  }

  /** Where and how to send a subgraph's requests; `routingUrl` is the supergraph's URL for it. */
  routeFor(subgraph: string, routingUrl: string): SubgraphRoute {
    const key = `${subgraph} ${routingUrl}`;
    let route = this.#routes.get(key);
    if (!route) {
      const override = this.#config.subgraphs.overrides[subgraph];
      const { all } = this.#config.subgraphs;
      const url = new URL(override?.url ?? routingUrl);
      route = {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        traffic: {
          timeout: override?.timeout ?? all.timeout,
          connect_timeout: override?.connect_timeout ?? all.connect_timeout,
          max_connections: override?.max_connections ?? all.max_connections,
          keep_alive: override?.keep_alive ?? all.keep_alive,
          retries: override?.retries ?? all.retries,
          batching: override?.batching ?? all.batching,
          deduplicate_entities: override?.deduplicate_entities ?? all.deduplicate_entities,
        },
        buildHeaders: compileHeaderRules(
          [...this.#config.headers.all, ...(this.#config.headers.subgraphs[subgraph] ?? [])],
          override?.headers,
        ),
      };
      this.#routes.set(key, route);
    }
    return route;
  }

  /** Whether clients may see this subgraph's own error messages. */
  includeErrorsOf(subgraph: string): boolean {
    return this.#config.subgraphs.overrides[subgraph]?.include_errors ?? this.#config.include_subgraph_errors;
  }
}
