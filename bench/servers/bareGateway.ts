// Benchmark process: the baseline, a bare @apollo/gateway under @apollo/server's standalone server.
// `--fetcher apollo` keeps the gateway's default RemoteGraphQLDataSource (make-fetch-happen);
// `--fetcher undici` swaps in Gatehouse's subgraph fetcher and nothing else, to measure the fetcher alone
// (one HTTP request per fetch of the plan, as @apollo/gateway sends them: no entity deduplication).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parseGatewayConfig } from '../../src/config/index.ts';
import { turnOffApolloDataCollection } from '../../src/gateway/index.ts';
import { createSubgraphFetcher } from '../../src/gateway/subgraphFetcher/index.ts';
import type { GatewayInterface } from '../../src/pipeline/index.ts';
import { announce } from './announce.ts';

const { values } = parseArgs({ options: { supergraph: { type: 'string' }, fetcher: { type: 'string', default: 'apollo' } } });
const supergraphSdl = await readFile(values.supergraph ?? '', 'utf8');
const fetcher =
  values.fetcher === 'undici'
    ? createSubgraphFetcher(parseGatewayConfig({ supergraph: { sdl: supergraphSdl }, subgraphs: { all: { deduplicate_entities: false } } }))
    : undefined;
// Same as Gatehouse: no data sent to Apollo, no probes of cloud metadata addresses.
turnOffApolloDataCollection();
const gateway = new ApolloGateway({ supergraphSdl, ...(fetcher ? { buildService: fetcher.buildDataSource } : {}) });
// @apollo/gateway's types name an older copy of the gateway interface than @apollo/server 5's; the shapes agree.
const server = new ApolloServer({ gateway: gateway as unknown as GatewayInterface });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
announce({ url });
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
