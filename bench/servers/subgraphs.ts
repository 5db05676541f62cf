// Benchmark process: the four example subgraphs, each on a free port of 127.0.0.1.
import { startExampleSubgraphs } from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { announce } from './announce.ts';

const subgraphs = await startExampleSubgraphs();
announce({ urls: subgraphs.urls });
process.once('SIGTERM', () => void subgraphs.close().then(() => process.exit(0)));
