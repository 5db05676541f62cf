// The registry client's HTTP: what a CLI user or a following gateway reads when the registry is down,
// silent or not a registry, and the ETag a gateway polls with.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, RegistryUnreachableError } from '../../src/registry/client/registryClient.ts';
import { findClosedPort } from '../support/ports.ts';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.includes('silent')) return; // never answers
    if (request.url?.includes('html')) {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a registry</html>');
      return;
    }
    if (request.headers['if-none-match'] === '"v1"') {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(JSON.stringify({ supergraphSdl: 'type Query' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the registry client over HTTP', () => {
  it('names the refused address and the socket error', async () => {
    const port = await findClosedPort();
    const client = new RegistryClient({ url: `http://127.0.0.1:${port}` });
    await expect(client.latestSupergraph()).rejects.toThrow(`could not reach the registry at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('gives up on a registry that does not answer in time, in words', async () => {
    const client = new RegistryClient({ url: `${url}/silent`, timeoutMs: 200 });
    const failure = client.latestSupergraph();
    await expect(failure).rejects.toBeInstanceOf(RegistryUnreachableError);
    await expect(failure).rejects.toThrow('(no answer within 200 ms)');
  });

  it('says when the address is not a registry', async () => {
    const client = new RegistryClient({ url: `${url}/html` });
    await expect(client.latestSupergraph()).rejects.toThrow(/answered HTTP 200 with a body that is not JSON: is it a Gatehouse registry\?/);
  });

  it('polls with the ETag it was given and hears not_modified', async () => {
    const client = new RegistryClient({ url });
    const first = await client.fetchSupergraph();
    expect(first).toMatchObject({ status: 'ok', etag: '"v1"' });
    expect(await client.fetchSupergraph({ ifNoneMatch: '"v1"' })).toEqual({ status: 'not_modified' });
  });
});
