// Benchmark process: Gatehouse from a gatehouse.yaml, as `gatehouse start --config` runs it (one worker,
// the compiled dist/ the package ships, so no transpiler helper is measured), request logs included (JSON
// lines to stdout, which the runner drains).
import { parseArgs } from 'node:util';
import { loadGatewayConfigFile } from '../../dist/src/config/index.js';
import { createGateway } from '../../dist/src/server/index.js';
import { announce } from './announce.ts';

const { values } = parseArgs({ options: { config: { type: 'string' } } });
const { input } = await loadGatewayConfigFile(values.config ?? '');
const gateway = await createGateway(input);
announce({ url: await gateway.listen() });
process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
