// `npx tsx bench/authzOverhead.ts`: what authorization adds to one request, per scenario. The gateway's
// executor is real (@apollo/gateway over the example subgraphs) but memoised per operation, so the loop
// times the authorizer's own work — analysis lookup, rule evaluation, pruned-plan lookup, shaping —
// without network noise. Overhead = time through the authorizer − time calling the executor directly.
import { ApolloGateway } from '@apollo/gateway';
import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import permissions from '../examples/permissions.ts';
import { startExampleSubgraphs } from '../examples/subgraphs/startExampleSubgraphs.ts';
import { ANONYMOUS, type Principal } from '../src/auth/index.ts';
import { allow, definePermissions, deny, hasScope, isAuthenticated, type Permissions } from '../src/authz/index.ts';
import { type GatewayExecutor, OperationAuthorizer } from '../src/authz/operationAuthorizer.ts';
import { turnOffApolloDataCollection } from '../src/gateway/index.ts';
import { silentLogger } from '../src/observability/index.ts';
import { benchQuery, composeExampleSupergraph } from '../test/support/exampleGraph.ts';

const ITERATIONS = Number(process.env.AUTHZ_BENCH_ITERATIONS ?? 20_000);

const USER_2: Principal = { authenticated: true, subject: '2', scopes: [], roles: [], claims: { sub: '2' } };
const READER: Principal = { authenticated: true, subject: '9', scopes: ['profile'], roles: [], claims: { sub: '9' } };

/** Every field of the benchmark query guarded by rules that pass for READER (evaluated, nothing pruned). */
const everythingGuarded = definePermissions({
  Query: isAuthenticated,
  User: hasScope('profile'),
  Review: isAuthenticated,
  Product: isAuthenticated,
});
/** The benchmark query with Product.weight denied: pruned operation and a reshaped response. */
const weightDenied = definePermissions({ Query: allow, User: allow, Review: allow, Product: { '*': allow, weight: deny } });

interface Scenario {
  name: string;
  permissions: Permissions;
  query: string;
  principal: Principal;
}

const SCENARIOS: Scenario[] = [
  { name: 'benchmark query, examples/permissions.ts, anonymous (nothing guarded)', permissions, query: benchQuery, principal: ANONYMOUS },
  {
    name: 'benchmark query, every field guarded, all pass (55 rule checks)',
    permissions: everythingGuarded,
    query: benchQuery,
    principal: READER,
  },
  {
    name: 'benchmark query, Product.weight denied (pruned + reshaped)',
    permissions: weightDenied,
    query: benchQuery,
    principal: ANONYMOUS,
  },
  {
    name: '{ users { name email } } as user 2 (parent rule over 6 users)',
    permissions,
    query: '{ users { name email } }',
    principal: USER_2,
  },
  { name: '{ users { name ssn } } anonymous (pruned, 6 errors)', permissions, query: '{ users { name ssn } }', principal: ANONYMOUS },
];

const subgraphs = await startExampleSubgraphs();
const supergraphSdl = composeExampleSupergraph(subgraphs.urls);
// Same as Gatehouse: no data sent to Apollo, no probes of cloud metadata addresses.
turnOffApolloDataCollection();
const gateway = new ApolloGateway({ supergraphSdl, logger: silentLogger });
let apiSchema: GraphQLSchema | undefined;
gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
  apiSchema = loaded;
});
const { executor: realExecutor } = await gateway.load();
if (!realExecutor || !apiSchema) throw new Error('the gateway did not load');
const schema = apiSchema;

// The real executor, once per distinct (rewritten) operation; afterwards its answer is replayed.
const answers = new Map<string, Awaited<ReturnType<GatewayExecutor>>>();
const memoExecutor: GatewayExecutor = async (requestContext) => {
  let answer = answers.get(requestContext.queryHash);
  if (!answer) {
    answer = await realExecutor(requestContext);
    answers.set(requestContext.queryHash, answer);
  }
  return answer;
};

function requestContextFor(document: DocumentNode, query: string, principal: Principal) {
  return {
    request: { query, variables: {} },
    document,
    source: query,
    queryHash: `hash-of-${query.length}-${query.slice(0, 32)}`,
    operationName: null,
    schema,
    context: { requestId: 'bench', principal },
    logger: silentLogger,
    metrics: {},
  } as unknown as Parameters<GatewayExecutor>[0];
}

async function timePerCall(call: () => Promise<unknown>): Promise<number> {
  for (let index = 0; index < 2_000; index++) await call();
  const start = process.hrtime.bigint();
  for (let index = 0; index < ITERATIONS; index++) await call();
  return Number(process.hrtime.bigint() - start) / ITERATIONS / 1000;
}

console.log(`authorization overhead per request (Node ${process.version}, ${ITERATIONS} iterations after warm-up)\n`);
try {
  for (const scenario of SCENARIOS) {
    const authorizer = new OperationAuthorizer({
      permissions: scenario.permissions,
      policies: {},
      enforceDirectives: true,
      logger: silentLogger,
    });
    authorizer.loadSchema(schema, supergraphSdl);
    const document = parse(scenario.query);
    const requestContext = requestContextFor(document, scenario.query, scenario.principal);
    const first = await authorizer.execute(requestContext, memoExecutor);
    if (!first.data) throw new Error(`${scenario.name}: no data (${JSON.stringify(first.errors)})`);
    const baseline = await timePerCall(() => memoExecutor(requestContext));
    const authorized = await timePerCall(() => authorizer.execute(requestContext, memoExecutor));
    const errors = first.errors?.length ?? 0;
    console.log(`${(authorized - baseline).toFixed(1).padStart(7)} µs  ${scenario.name}${errors ? `  [${errors} errors]` : ''}`);
  }
} finally {
  await gateway.stop();
  await subgraphs.close();
}
