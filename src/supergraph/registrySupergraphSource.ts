// The supergraph a Gatehouse registry serves, polled with If-None-Match so an unchanged graph costs a
// 304. Each new one is validated here before it is offered (and, if valid, written to the cache file);
// when the registry is down or serves something invalid, the gateway keeps its last good supergraph,
// and at boot it can start from the cache file when the registry cannot be reached.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RegistryClient, RegistryRequestError } from '../registry/client/index.ts';
import type { SupergraphSource, SupergraphSourceHandlers } from './supergraphSource.ts';
import { validateSupergraphSdl } from './validateSupergraphSdl.ts';

export interface RegistrySupergraphSourceOptions {
  /** The registry's base URL, e.g. http://127.0.0.1:4001. */
  url: string;
  token?: string | undefined;
  /** The graph variant to follow (`shop@prod`); by default the registry's default variant. */
  graphRef?: string | undefined;
  pollIntervalMs: number;
  timeoutMs: number;
  /** The last good supergraph on disk, to start from when the registry is down at boot. */
  cacheFile?: string | undefined;
  /** Told when the gateway starts from the cache instead of the registry. */
  onStartFromCache?: (error: Error) => void;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export function registrySupergraphSource(options: RegistrySupergraphSourceOptions): SupergraphSource {
  const client = new RegistryClient({ url: options.url, token: options.token, graphRef: options.graphRef, timeoutMs: options.timeoutMs });
  const cacheFile = options.cacheFile === undefined ? undefined : resolve(options.cacheFile);
  let etag: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** A new valid supergraph, undefined when unchanged; throws when unreachable or invalid. */
  const fetchNewer = async (): Promise<string | undefined> => {
    const fetched = await client.fetchSupergraph({ ifNoneMatch: etag });
    if (fetched.status === 'not_modified') return undefined;
    // Remember the ETag even when the SDL is invalid: the same bad version is not downloaded again.
    etag = fetched.etag;
    const valid = validateSupergraphSdl(fetched.supergraph.supergraphSdl);
    if (cacheFile) await writeAtomically(cacheFile, valid.sdl);
    return valid.sdl;
  };

  const poll = async (handlers: SupergraphSourceHandlers) => {
    try {
      const sdl = await fetchNewer();
      if (sdl !== undefined && !stopped) handlers.update(sdl);
    } catch (error) {
      if (!stopped) handlers.error(new Error(`registry ${options.url}: ${(error as Error).message}`));
    }
    if (!stopped) schedule(handlers);
  };
  const schedule = (handlers: SupergraphSourceHandlers) => {
    timer = setTimeout(() => void poll(handlers), options.pollIntervalMs);
    timer.unref();
  };

  const startFromCache = async (cause: Error): Promise<string> => {
    if (!cacheFile) throw cause;
    let cached: string;
    try {
      cached = await readFile(cacheFile, 'utf8');
    } catch {
      throw new Error(`${cause.message}; and there is no cached supergraph at ${cacheFile} to start from`);
    }
    options.onStartFromCache?.(cause);
    return cached;
  };

  return {
    description: `registry ${options.url}`,
    async start(handlers) {
      stopped = false;
      let first: string | undefined;
      try {
        first = await fetchNewer();
      } catch (error) {
        const reason = error instanceof RegistryRequestError ? `${error.code}: ${error.message}` : (error as Error).message;
        first = await startFromCache(new Error(`registry ${options.url}: ${reason}`));
      }
      schedule(handlers);
      // fetchNewer only returns undefined on a 304, which needs an ETag we do not have yet.
      return first ?? '';
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
