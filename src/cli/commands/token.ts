// `gatehouse token`: prints a JWT for the demo, signed with the demo key that `npm start` trusts.
// It signs with nothing but a demo key, so it cannot mint tokens for a real deployment.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_KEY_FILE, loadOrCreateDemoKey, NotADemoKeyError, readDemoKey, signDemoToken } from '../../../examples/identity/demoKey.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

const TIME_SPAN = /^\d+\s*(s|m|h|d)$/;

export const tokenCommand: Command = {
  name: 'token',
  usage: `gatehouse token --sub ID [--scope S]... [--role R]... [--expires-in 15m] [--key ${DEMO_KEY_FILE}]`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        sub: { type: 'string' },
        scope: { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        'expires-in': { type: 'string' },
        key: { type: 'string' },
      },
      strict: true,
    });
    if (!values.sub) throw new CliError('error: --sub <user id> is required (e.g. --sub 2)', EXIT_USAGE);
    const expiresIn = values['expires-in'] ?? '15m';
    if (!TIME_SPAN.test(expiresIn))
      throw new CliError(`error: --expires-in must look like 30s, 15m, 2h or 1d, got "${expiresIn}"`, EXIT_USAGE);
    let key: Awaited<ReturnType<typeof readDemoKey>>;
    try {
      key = values.key ? await readDemoKey(resolve(values.key)) : await loadOrCreateDemoKey(resolve(DEMO_KEY_FILE));
    } catch (error) {
      if (error instanceof NotADemoKeyError) {
        throw new CliError(
          `error: ${error.message}; \`gatehouse token\` signs only with the demo key (get real tokens from your identity provider)`,
        );
      }
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`error: cannot read the key ${values.key ?? DEMO_KEY_FILE}: ${code ?? (error as Error).message}`);
    }
    io.stdout(await signDemoToken(key, { sub: values.sub, scopes: values.scope, roles: values.role, expiresIn }));
  },
};
