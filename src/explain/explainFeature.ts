// Explain as a gateway feature: an allowed caller who sends the explain header (or `extensions: { explain:
// true }`) gets `extensions.explain`; the other features fill the report only when it exists, so nobody
// else pays for it. Placed right after authentication: it needs the principal, and the limits after it
// record into the report (even when they refuse the request).
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import { ANONYMOUS, type Principal, readClaim } from '../auth/index.ts';
import type { ExplainConfig } from '../config/explainConfig.ts';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import type { ExplainReport } from './explainReport.ts';
import { queryPlanFetches } from './queryPlanFetches.ts';

function claimMatches(principal: Principal, path: string, expected: string | number | boolean): boolean {
  const value = readClaim(principal.claims, path);
  return Array.isArray(value) ? value.includes(expected) : value === expected;
}

export function mayExplain(allow: ExplainConfig['allow'], principal: Principal): boolean {
  return (
    allow.anyone ||
    allow.roles.some((role) => principal.roles.includes(role)) ||
    allow.scopes.some((scope) => principal.scopes.includes(scope)) ||
    Object.entries(allow.claims).some(([path, value]) => claimMatches(principal, path, value))
  );
}

function asksForExplain(request: FastifyRequest, header: string): boolean {
  const sent = request.headers[header];
  if (typeof sent === 'string' && sent !== '' && sent !== '0' && sent.toLowerCase() !== 'false') return true;
  const body = request.method === 'GET' ? undefined : (request.body as { extensions?: { explain?: unknown } } | undefined);
  return body !== null && typeof body === 'object' && !Array.isArray(body) && body.extensions?.explain === true;
}

export function newExplainReport(principal: Principal): ExplainReport {
  const { authenticated, subject, scopes, roles } = principal;
  return { principal: { authenticated, subject, scopes, roles } };
}

/** Puts the report into a refusal's error, so a refused request explains itself too. */
export function withExplain(error: unknown, context: GatehouseContext): unknown {
  if (context.explain && error !== null && typeof error === 'object' && 'extensions' in error) {
    (error as GraphQLError).extensions.explain = context.explain;
  }
  return error;
}

export function createExplainFeature(config: ExplainConfig): GatewayFeature | undefined {
  const { allow } = config;
  const nobody = !allow.anyone && allow.roles.length === 0 && allow.scopes.length === 0 && Object.keys(allow.claims).length === 0;
  if (nobody) return undefined;
  const header = config.header.toLowerCase();

  const plugin: ApolloServerPlugin<GatehouseContext> = {
    async requestDidStart({ contextValue }) {
      if (!contextValue.explain) return;
      return {
        async willSendResponse({ response, contextValue: context }) {
          if (response.body.kind !== 'single' || !context.explain) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, explain: context.explain };
        },
      };
    },
  };

  return {
    name: 'explain',
    plugins: [plugin],
    extendContext(request, context) {
      const principal = context.principal ?? ANONYMOUS;
      if (asksForExplain(request, header) && mayExplain(allow, principal)) context.explain = newExplainReport(principal);
    },
    didResolveQueryPlan(plan, context) {
      if (context.explain) context.explain.plan = queryPlanFetches(plan);
    },
  };
}
