// Turns header rules from config into one function per subgraph that builds the headers sent to it
// from the client's headers and the caller's JWT claims. Regexes are compiled here, once per config.
import type { Principal } from '../../auth/principal.ts';
import type { HeaderRule } from '../../config/headersConfig.ts';
import { NEVER_FORWARDED } from './hopByHopHeaders.ts';

/** The client's request headers, lower-case names (Apollo Server's HeaderMap is one). */
export interface IncomingHeaders extends Iterable<[string, string]> {
  get(name: string): string | null | undefined;
}

export type SubgraphHeaders = Record<string, string>;

export type BuildSubgraphHeaders = (incoming: IncomingHeaders | undefined, principal: Principal | undefined) => SubgraphHeaders;

type Step = (headers: SubgraphHeaders, incoming: IncomingHeaders | undefined, principal: Principal | undefined) => void;

function claimValue(claims: Readonly<Record<string, unknown>>, path: readonly string[]): string | undefined {
  let value: unknown = claims;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function stepFor(rule: HeaderRule): Step {
  if ('propagate' in rule) {
    const propagate = rule.propagate;
    if ('matching' in propagate) {
      const pattern = new RegExp(propagate.matching, 'i');
      return (headers, incoming) => {
        if (!incoming) return;
        for (const [name, value] of incoming) if (pattern.test(name)) headers[name] = value;
      };
    }
    const target = propagate.rename ?? propagate.named;
    return (headers, incoming) => {
      const value = incoming?.get(propagate.named) ?? propagate.default;
      if (value !== undefined && value !== null) headers[target] = value;
    };
  }
  if ('insert' in rule) {
    const insert = rule.insert;
    if ('value' in insert) {
      return (headers) => {
        headers[insert.name] = insert.value;
      };
    }
    const path = insert.from_claim.split('.');
    return (headers, _incoming, principal) => {
      const value = principal ? claimValue(principal.claims, path) : undefined;
      if (value !== undefined) headers[insert.name] = value;
    };
  }
  const remove = rule.remove;
  if ('matching' in remove) {
    const pattern = new RegExp(remove.matching, 'i');
    return (headers) => {
      for (const name of Object.keys(headers)) if (pattern.test(name)) delete headers[name];
    };
  }
  return (headers) => {
    delete headers[remove.named];
  };
}

/** Rules run in order; static headers are added last; connection-level headers are dropped whatever a rule said. */
export function compileHeaderRules(
  rules: readonly HeaderRule[],
  staticHeaders: Readonly<Record<string, string>> = {},
): BuildSubgraphHeaders {
  const steps = rules.map(stepFor);
  const fixed = Object.entries(staticHeaders).map(([name, value]) => [name.toLowerCase(), value] as const);
  return (incoming, principal) => {
    const headers: SubgraphHeaders = {};
    for (const step of steps) step(headers, incoming, principal);
    for (const [name, value] of fixed) headers[name] = value;
    for (const name of Object.keys(headers)) if (NEVER_FORWARDED.has(name)) delete headers[name];
    return headers;
  };
}
