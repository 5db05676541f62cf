// Why a server could not listen, as one line naming the address and the setting that chose it,
// instead of Node's `listen EADDRINUSE` error with its stack.

const REASONS: Record<string, string> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges this process does not have (ports below 1024 do)',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/**
 * A `ListenError` for the errors a listen can meet (address in use, no permission, no such address),
 * else the error as it is. `setBy` names where the address came from, e.g. `--port, server.port or PORT`.
 */
export function listenError(error: unknown, address: { host: string; port: number }, setBy: string): Error {
  const reason = REASONS[(error as NodeJS.ErrnoException).code ?? ''];
  if (!reason) return error instanceof Error ? error : new Error(String(error));
  return new ListenError(`${address.host}:${address.port} ${reason} (set by ${setBy})`);
}
