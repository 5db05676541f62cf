// Fetches each subgraph's SDL from where supergraph.yaml says it lives: a file, inline, or a running subgraph.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SupergraphConfigError } from './errors.ts';
import type { SubgraphSchemaSource, SupergraphConfig } from './supergraphConfig.ts';

export interface SubgraphDefinition {
  name: string;
  url: string | undefined;
  sdl: string;
}

export const SERVICE_SDL_QUERY = 'query SubgraphIntrospectQuery { _service { sdl } }';

export interface IntrospectOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** `{ _service { sdl } }` against a running subgraph, as `rover subgraph introspect` does. */
export async function introspectSubgraph(url: string, options: IntrospectOptions = {}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify({ query: SERVICE_SDL_QUERY }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Error(`could not reach ${url} (${reason})`);
  }
  const text = await response.text();
  let body: { data?: { _service?: { sdl?: unknown } }; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} with a body that is not JSON`);
  }
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const reason = body.errors?.[0]?.message ?? `HTTP ${response.status}, no _service.sdl in the answer`;
    throw new Error(`${url} is not a federation subgraph: ${reason}`);
  }
  return sdl;
}

async function loadOne(name: string, source: SubgraphSchemaSource, baseDirectory: string): Promise<string> {
  if ('sdl' in source) return source.sdl;
  if ('file' in source) {
    const path = resolve(baseDirectory, source.file);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new SupergraphConfigError(`cannot read schema.file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, name);
    }
  }
  if ('subgraph_url' in source) {
    try {
      return await introspectSubgraph(source.subgraph_url, { headers: source.introspection_headers ?? {} });
    } catch (error) {
      throw new SupergraphConfigError(`schema.subgraph_url: ${(error as Error).message}`, name);
    }
  }
  throw new SupergraphConfigError(
    `schema.graphref (${source.graphref}) needs Apollo GraphOS; use schema.file, schema.sdl or schema.subgraph_url, or publish the subgraph to a Gatehouse registry`,
    name,
  );
}

/** Every subgraph's SDL, sorted by name as rover sorts them, so composition output is stable. */
export async function loadSubgraphDefinitions(config: SupergraphConfig): Promise<SubgraphDefinition[]> {
  const names = Object.keys(config.subgraphs).sort();
  return Promise.all(
    names.map(async (name) => {
      const subgraph = config.subgraphs[name];
      if (!subgraph) throw new SupergraphConfigError('missing definition', name);
      const sdl = await loadOne(name, subgraph.schema, config.baseDirectory);
      const url = subgraph.routing_url ?? ('subgraph_url' in subgraph.schema ? subgraph.schema.subgraph_url : undefined);
      return { name, url, sdl };
    }),
  );
}
