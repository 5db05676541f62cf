// Watches gatehouse.yaml and hands each valid new version to `onChange`; an invalid one goes to
// `onError` and changes nothing. Like the supergraph file, the directory is watched (editors replace
// files by rename, Kubernetes swaps a ConfigMap's `..data` link) and bursts of events are coalesced.
import { type FSWatcher, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GatewayConfigInput } from './gatewayConfig.ts';
import { type LoadedGatewayConfig, loadGatewayConfigFile } from './parseGatewayConfig.ts';
import { mayChangeWatchedFile } from './watchedFileEvent.ts';

export interface ConfigFileWatcher {
  close(): void;
}

export function watchConfigFile(
  path: string,
  handlers: { onChange(loaded: LoadedGatewayConfig): void | Promise<void>; onError(error: Error): void },
  options: { debounceMs?: number; given?: Partial<GatewayConfigInput> } = {},
): ConfigFileWatcher {
  const { debounceMs = 100, given } = options;
  const absolutePath = resolve(path);
  let timer: NodeJS.Timeout | undefined;
  const reload = async () => {
    try {
      await handlers.onChange(await loadGatewayConfigFile(absolutePath, given));
    } catch (error) {
      handlers.onError(error as Error);
    }
  };
  const watcher: FSWatcher = watch(dirname(absolutePath), (_event, filename) => {
    if (!mayChangeWatchedFile(filename, absolutePath)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  });
  watcher.on('error', (error) => handlers.onError(error));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
