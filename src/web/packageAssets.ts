// Browser assets served from the installed package (never a CDN): each file read once, on its first
// request, and answered with an ETag so a browser revalidates instead of downloading it again.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

interface LoadedAsset {
  body: Buffer;
  etag: string;
  contentType: string;
}

/**
 * Serves `files` (URL name → absolute path) under `prefix` (e.g. `/graphiql/assets`). Only the named
 * files are reachable: a name that is not in the map is 404, so no path from the URL reaches the disk.
 */
export function registerPackageAssets(app: FastifyInstance, prefix: string, files: Readonly<Record<string, string>>): void {
  const loaded = new Map<string, Promise<LoadedAsset>>();
  const load = (name: string, path: string) => {
    let asset = loaded.get(name);
    if (!asset) {
      asset = readFile(path).then((body) => ({
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      }));
      asset.catch(() => loaded.delete(name));
      loaded.set(name, asset);
    }
    return asset;
  };
  app.get<{ Params: { name: string } }>(`${prefix}/:name`, async (request, reply) => {
    const path = Object.hasOwn(files, request.params.name) ? files[request.params.name] : undefined;
    if (path === undefined) return reply.callNotFound();
    const asset = await load(request.params.name, path);
    reply.header('etag', asset.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.type(asset.contentType).send(asset.body);
  });
}
