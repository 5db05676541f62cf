// The registry console in the browser: its page at / and /console/…, its assets, and the page for a
// check's URL (the one rover and `gatehouse subgraph check` print) when a browser opens it. API clients
// asking the same URL for JSON go on to the API route.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { prefersHtml, registerPackageAssets } from '../../web/index.ts';
import { CONSOLE_ASSETS_PATH, CONSOLE_PAGE } from './consolePage.ts';

const asset = (name: string) => fileURLToPath(new URL(`assets/${name}`, import.meta.url));

/** The check URLs: /api/v1/checks/<id> and /api/v1/graphs/<ref>/checks/<id>. */
const CHECK_URL = /^\/api\/v1\/(?:graphs\/[^/]+\/)?checks\/[^/]+$/;

function sendPage(reply: FastifyReply) {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(CONSOLE_PAGE);
}

export function registerConsoleRoutes(app: FastifyInstance): void {
  registerPackageAssets(app, CONSOLE_ASSETS_PATH, {
    'console.js': asset('console.js'),
    'console.css': asset('console.css'),
    'highlightSdl.js': asset('highlightSdl.js'),
  });
  app.get('/', (_request, reply) => reply.redirect('/console/'));
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/*', (_request, reply) => sendPage(reply));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !prefersHtml(request.headers.accept)) return;
    if (CHECK_URL.test(request.url.split('?', 1)[0] ?? '')) return sendPage(reply);
  });
}
