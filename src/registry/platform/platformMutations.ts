// The platform API's write side: publish, delete and submit a check, on the registry's service with the
// same permissions (and audit entries) as the REST API. A key that may not write gets a FORBIDDEN error
// and nothing changes; without a valid key, `graph` is null and rover reports that it found no graph.
import { z } from 'zod';
import type { RegistryPrincipal } from '../access/registryPrincipal.ts';
import { formatGraphRef, GRAPH_ID, type GraphRef, VARIANT_NAME } from '../graphRef.ts';
import { publishBody, subgraphParams } from '../http/apiSchemas.ts';
import { type PermissionRefusal, requirePermission } from '../http/authenticateRequest.ts';
import { badRequest, RegistryError } from '../registryErrors.ts';
import type { PlatformContext } from './platformContext.ts';

interface PublishArgs {
  name: string;
  url?: string | null;
  activePartialSchema: { sdl?: string | null; hash?: string | null };
  graphVariant: string;
}

interface RemoveArgs {
  graphVariant: string;
  name: string;
  dryRun: boolean;
}

interface CheckArgs {
  input: { subgraphName: string; proposedSchema: string };
}

/** Names as rover sends them, checked as the REST API checks them. */
const writeTarget = z.object({
  name: subgraphParams.shape.name,
  graphVariant: z.string().regex(VARIANT_NAME, 'a variant name is letters, digits, _ . : and - (at most 64)'),
});

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
}

/** A refused write is audit-logged on the variant it aimed at, as the REST API does. */
function auditRefusal(context: PlatformContext, ref: GraphRef, action: string) {
  return async (refusal: PermissionRefusal) => {
    const registry = await context.graphs.variant(ref);
    await registry.auditRejected({ actor: refusal.principal.actor, action, subgraph: refusal.subgraph ?? null, reason: 'FORBIDDEN' });
  };
}

/** Why a delete was refused, as rover lists build errors: each composition error, or the refusal itself. */
function problemsOf(error: RegistryError): { message: string; code: string }[] {
  const problems = error.details.compositionErrors;
  if (Array.isArray(problems)) return problems as { message: string; code: string }[];
  return [{ message: error.message, code: error.code }];
}

function graphMutation(context: PlatformContext, principal: RegistryPrincipal, graph: string) {
  return {
    async publishSubgraph(args: PublishArgs) {
      const target = parsed(writeTarget, args);
      const ref = { graph, variant: target.graphVariant };
      await requirePermission(principal, 'publish', target.name, auditRefusal(context, ref, 'subgraph.publish'));
      if (args.activePartialSchema.sdl == null) throw badRequest('send the schema as SDL: Gatehouse does not publish by hash');
      // rover sends `url: ""` for --no-url: the subgraph keeps the routing URL it has.
      const body = parsed(publishBody, { schema: args.activePartialSchema.sdl, routingUrl: args.url || undefined });
      const registry = await context.graphs.variant(ref);
      const result = await registry.publish({
        subgraph: target.name,
        sdl: body.schema,
        routingUrl: body.routingUrl,
        actor: principal.actor,
      });
      if (result.status === 'unchanged') {
        return {
          compositionConfig: null,
          errors: [],
          updatedGateway: false,
          wasCreated: false,
          wasUpdated: false,
          launchCliCopy: null,
          launchUrl: null,
        };
      }
      return {
        compositionConfig: { schemaHash: result.supergraphHash },
        errors: [],
        updatedGateway: result.supergraphChanged,
        wasCreated: result.created,
        wasUpdated: true,
        launchCliCopy: `The supergraph of ${formatGraphRef(ref)} is at version ${result.supergraphVersion}.`,
        launchUrl: null,
      };
    },

    async removeImplementingServiceAndTriggerComposition(args: RemoveArgs) {
      const target = parsed(writeTarget, args);
      const ref = { graph, variant: target.graphVariant };
      await requirePermission(principal, 'delete', target.name, auditRefusal(context, ref, 'subgraph.delete'));
      const registry = await context.graphs.publishedVariant(ref);
      if (!registry) {
        return {
          errors: [{ message: `there is no subgraph "${target.name}" in ${formatGraphRef(ref)}`, code: 'SUBGRAPH_NOT_FOUND' }],
          updatedGateway: false,
        };
      }
      try {
        await registry.deleteSubgraph({ subgraph: target.name, actor: principal.actor, dryRun: args.dryRun });
        return { errors: [], updatedGateway: !args.dryRun };
      } catch (error) {
        // rover prints these as build errors; the subgraph stays (no such subgraph, the last one, or the rest would not compose).
        if (error instanceof RegistryError && error.statusCode !== 403) return { errors: problemsOf(error), updatedGateway: false };
        throw error;
      }
    },

    variant: ({ name }: { name: string }) =>
      VARIANT_NAME.test(name)
        ? { submitSubgraphCheckAsync: (args: CheckArgs) => submitCheck(context, principal, { graph, variant: name }, args) }
        : null,
  };
}

async function submitCheck(context: PlatformContext, principal: RegistryPrincipal, ref: GraphRef, { input }: CheckArgs) {
  const subgraph = subgraphParams.shape.name.safeParse(input.subgraphName);
  if (!subgraph.success) return { __typename: 'InvalidInputError', message: subgraph.error.issues[0]?.message ?? 'invalid subgraph name' };
  try {
    await requirePermission(principal, 'check', subgraph.data);
  } catch (error) {
    if (error instanceof RegistryError) return { __typename: 'PermissionError', message: error.message };
    throw error;
  }
  const registry = await context.graphs.publishedVariant(ref);
  if (!registry) return { __typename: 'InvalidInputError', message: `${formatGraphRef(ref)} has no supergraph to check against` };
  const result = await registry.check({ subgraph: subgraph.data, sdl: input.proposedSchema });
  const id = await context.checks.record(registry, result);
  const targetURL = `${context.frontendUrlRoot}/api/v1/graphs/${formatGraphRef(ref)}/checks/${id}`;
  return { __typename: 'CheckRequestSuccess', targetURL, workflowID: id };
}

export function mutationRoot(context: PlatformContext) {
  return {
    graph: ({ id }: { id: string }) => (context.principal && GRAPH_ID.test(id) ? graphMutation(context, context.principal, id) : null),
  };
}
