// What `gatehouse registry` and the demo print once the registry listens: where, on what store, and
// the admin token when it was generated for this run (it is printed nowhere else).
import type { RunningRegistry } from '../../registry/index.ts';
import type { CommandIO } from '../commands/command.ts';

export function printRunningRegistry(running: RunningRegistry, io: CommandIO, seededFrom?: string): void {
  io.stderr(`registry           ${running.url}`);
  io.stderr(`console            ${running.url}/  (in a browser; sign in with a registry token)`);
  io.stderr(`store              ${running.store.description}${running.seeded && seededFrom ? ` (seeded from ${seededFrom})` : ''}`);
  if (running.adminTokenGenerated) {
    io.stderr(`admin token        ${running.adminToken}  (generated for this run; set GATEHOUSE_ADMIN_TOKEN to choose one)`);
  }
}
