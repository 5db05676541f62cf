// How a benchmark server tells the runner it is ready: one JSON line on stdout.

export function announce(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ready: true, ...message })}\n`);
}
