// Benchmark process: Gatehouse from a gatehouse.yaml, as `gatehouse start --config` runs it (one worker),
// request logs included (JSON lines to stdout, which the runner drains).
import { parseArgs } from 'node:util';
import { loadGatewayConfigFile } from '../../src/config/index.ts';
import { createGateway } from '../../src/server/index.ts';
import { announce } from './announce.ts';

const { values } = parseArgs({ options: { config: { type: 'string' } } });
const { input } = await loadGatewayConfigFile(values.config ?? '');
const gateway = await createGateway(input);
announce({ url: await gateway.listen() });
process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
