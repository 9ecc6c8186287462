// Small documents (manifests, tag lists) read whole against node:http servers that drop the
// connection in the middle of the body: fetched again, or a clear error once retries run out.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sha256Digest } from '../../lib/digest.ts';
import { openRegistryClient } from './undici-registry-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

async function withServer(handler: Handler, body: (host: string) => Promise<void>): Promise<void> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url === '/v2/') return res.end('{}');
    handler(req, res, ++hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const options = (host: string) => ({
  host,
  insecure: true,
  env: { HOME: '/nonexistent' },
  retry: { attempts: 3, baseDelayMs: 5 },
});

const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: 'sha256:' + '0'.repeat(64),
      size: 2,
    },
    layers: [],
  }),
);

/** Headers for the whole document, half of it, then a destroyed socket. */
function cutHalfway(res: ServerResponse, bytes: Buffer, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
  res.write(bytes.subarray(0, bytes.length >> 1), () => res.destroy());
}

test('a manifest whose body is cut is fetched again', async () => {
  await withServer(
    (_req, res, hit) => {
      if (hit === 1) return cutHalfway(res, manifest, 'application/vnd.oci.image.manifest.v1+json');
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(manifest);
    },
    async (host) => {
      const api = openRegistryClient(options(host));
      const fetched = await api.getManifest('app', 'v1');
      assert.deepEqual(fetched.bytes, manifest);
      assert.equal(fetched.digest, sha256Digest(manifest));
      assert.equal(fetched.mediaType, 'application/vnd.oci.image.manifest.v1+json');
      await api.close();
    },
  );
});

test('a manifest cut on every attempt fails with REGISTRY_UNREACHABLE naming the manifest', async () => {
  let hits = 0;
  await withServer(
    (_req, res, hit) => {
      hits = hit;
      cutHalfway(res, manifest, 'application/vnd.oci.image.manifest.v1+json');
    },
    async (host) => {
      const api = openRegistryClient(options(host));
      await assert.rejects(api.getManifest('app', 'v1'), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'REGISTRY_UNREACHABLE');
        assert.match((error as Error).message, new RegExp(`^reading manifest v1 in ${host}/app: `));
        return true;
      });
      assert.equal(hits, 3);
      await api.close();
    },
  );
});

test('a tag list whose body is cut is fetched again', async () => {
  const tags = Buffer.from(JSON.stringify({ name: 'app', tags: ['v1', 'v2'] }));
  await withServer(
    (_req, res, hit) => {
      if (hit === 1) return cutHalfway(res, tags, 'application/json');
      res.end(tags);
    },
    async (host) => {
      const api = openRegistryClient(options(host));
      assert.deepEqual(await api.listTags('app'), ['v1', 'v2']);
      await api.close();
    },
  );
});
