// Which config changes a running gateway can take without a restart: those read per request
// (subgraph settings, header rules, error masking, log level). Any other changed section is
// reported, and keeps its old value until the process restarts.
import { isDeepStrictEqual } from 'node:util';
import type { GatewayConfig } from '../config/index.ts';

export const RELOADABLE_CONFIG_KEYS: readonly (keyof GatewayConfig)[] = ['log_level', 'include_subgraph_errors', 'subgraphs', 'headers'];

export interface ConfigReloadResult {
  /** Top-level keys whose new values now apply. */
  applied: string[];
  /** Top-level keys that changed but apply only after a restart. */
  restartRequired: string[];
}

export function planConfigReload(current: GatewayConfig, next: GatewayConfig): ConfigReloadResult {
  const keys = new Set([...Object.keys(current), ...Object.keys(next)] as (keyof GatewayConfig)[]);
  const changed = [...keys].filter((key) => !isDeepStrictEqual(current[key], next[key]));
  return {
    applied: changed.filter((key) => RELOADABLE_CONFIG_KEYS.includes(key)),
    restartRequired: changed.filter((key) => !RELOADABLE_CONFIG_KEYS.includes(key)),
  };
}
