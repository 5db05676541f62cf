// A supergraph file, watched: editors and `rover … --output` replace files by rename, so the
// directory is watched rather than the file (and a Kubernetes ConfigMap's `..data` swap counts), and bursts of
// events are coalesced.
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mayChangeWatchedFile } from '../config/index.ts';
import type { SupergraphSource, SupergraphSourceHandlers } from './supergraphSource.ts';

export interface FileSupergraphSourceOptions {
  watch?: boolean;
  /** Quiet time before a changed file is read. */
  debounceMs?: number;
}

/** Reads a supergraph file, or fails with one line naming it and why. */
export async function readSupergraphFile(path: string): Promise<string> {
  const absolutePath = resolve(path);
  try {
    return await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The config file's reader words it the same way.
    throw new Error(
      `cannot read supergraph file ${absolutePath}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : (code ?? String(error))}`,
    );
  }
}

export function fileSupergraphSource(path: string, options: FileSupergraphSourceOptions = {}): SupergraphSource {
  const absolutePath = resolve(path);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastText: string | undefined;

  const read = () => readSupergraphFile(absolutePath);

  const reload = async (handlers: SupergraphSourceHandlers) => {
    try {
      const text = await read();
      if (text === lastText) return;
      lastText = text;
      handlers.update(text);
    } catch (error) {
      handlers.error(error as Error);
    }
  };

  return {
    description: `file ${absolutePath}`,
    async start(handlers) {
      lastText = await read();
      if (options.watch ?? true) {
        watcher = watch(dirname(absolutePath), (_event, filename) => {
          if (!mayChangeWatchedFile(filename, absolutePath)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void reload(handlers), options.debounceMs ?? 50);
        });
        watcher.on('error', (error) => handlers.error(error));
      }
      return lastText;
    },
    async stop() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
