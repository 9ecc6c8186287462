// The verifying, resuming blob stream against node:http servers that lie, drop connections
// mid-blob, or ignore Range.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import { sha256Digest } from '../../lib/digest.ts';
import { openRegistryClient } from './undici-registry-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

async function withServer(
  handler: Handler,
  body: (host: string, ranges: string[]) => Promise<void>,
): Promise<void> {
  const ranges: string[] = [];
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url === '/v2/') return res.end('{}');
    ranges.push(req.headers.range ?? '');
    handler(req, res, ++hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`127.0.0.1:${(server.address() as AddressInfo).port}`, ranges);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const blob = randomBytes(256 * 1024);
const digest = sha256Digest(blob);
const options = (host: string) => ({
  host,
  insecure: true,
  env: { HOME: '/nonexistent' },
  retry: { attempts: 3, baseDelayMs: 5 },
});

/** Sends the first half of the blob (from the requested offset), then destroys the socket. */
function dropHalfway(req: IncomingMessage, res: ServerResponse): void {
  const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
  res.writeHead(start > 0 ? 206 : 200, {
    'content-length': String(blob.length - start),
    ...(start > 0 ? { 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` } : {}),
  });
  res.write(blob.subarray(start, start + 64 * 1024), () => res.destroy());
}

test('a blob whose bytes do not match the digest errors with DIGEST_MISMATCH', async () => {
  await withServer(
    (_req, res) => res.end(Buffer.from('not the blob you asked for')),
    async (host) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('lie/app', digest);
      await assert.rejects(readAll(opened.stream), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'DIGEST_MISMATCH');
        assert.match(
          String((error as Error).message),
          new RegExp(`^Digest did not match, expected ${digest}, got sha256:`),
        );
        return true;
      });
      await api.close();
    },
  );
});

test('a connection dropped mid-blob is resumed with Range and the bytes verify', async () => {
  await withServer(
    (req, res, hit) =>
      hit <= 2
        ? dropHalfway(req, res)
        : res
            .writeHead(206, {
              'content-range': `bytes ${131072}-${blob.length - 1}/${blob.length}`,
            })
            .end(blob.subarray(131072)),
    async (host, ranges) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('drop/app', digest, blob.length);
      assert.deepEqual(await readAll(opened.stream), blob);
      assert.deepEqual(ranges, ['', 'bytes=65536-', 'bytes=131072-']);
      await api.close();
    },
  );
});

test('a registry that answers 200 to a Range request restarts and the prefix is skipped', async () => {
  await withServer(
    (req, res, hit) => (hit === 1 ? dropHalfway(req, res) : res.end(blob)),
    async (host, ranges) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('norange/app', digest);
      assert.deepEqual(await readAll(opened.stream), blob);
      assert.deepEqual(ranges, ['', 'bytes=65536-']);
      await api.close();
    },
  );
});

test('a connection that keeps dropping gives up after the retry budget with a clear error', async () => {
  await withServer(dropHalfway, async (host, ranges) => {
    const api = openRegistryClient(options(host));
    const opened = await api.openBlob('flaky/app', digest);
    await assert.rejects(readAll(opened.stream), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'REGISTRY_UNREACHABLE');
      assert.match(
        String((error as Error).message),
        new RegExp(`^reading blob ${digest}: .*\\(gave up after 3 attempts\\)$`),
      );
      return true;
    });
    assert.equal(ranges.length, 3);
    await api.close();
  });
});

test('5xx answers are retried before the blob is served', async () => {
  await withServer(
    (_req, res, hit) => (hit < 3 ? res.writeHead(503).end() : res.end(blob)),
    async (host, ranges) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('busy/app', digest);
      assert.deepEqual(await readAll(opened.stream), blob);
      assert.equal(ranges.length, 3);
      await api.close();
    },
  );
});

test('a body cut on a Connection: close answer is resumed with Range like a keep-alive one', async () => {
  // With `Connection: close` undici takes the socket's end as the end of the body and reports a
  // content-length mismatch instead of a dropped connection.
  await withServer(
    (req, res, hit) => {
      res.setHeader('connection', 'close');
      if (hit === 1) return dropHalfway(req, res);
      res
        .writeHead(206, { 'content-range': `bytes 65536-${blob.length - 1}/${blob.length}` })
        .end(blob.subarray(65536));
    },
    async (host, ranges) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('close/app', digest, blob.length);
      assert.deepEqual(await readAll(opened.stream), blob);
      assert.deepEqual(ranges, ['', 'bytes=65536-']);
      await api.close();
    },
  );
});

test('a blob opened from an offset asks for a Range and streams the rest', async () => {
  await withServer(
    (req, res, hit) =>
      hit === 1
        ? res
            .writeHead(206, {
              'content-range': `bytes 100000-${blob.length - 1}/${blob.length}`,
            })
            .end(blob.subarray(100000))
        : res.end(blob),
    async (host, ranges) => {
      const api = openRegistryClient(options(host));
      const opened = await api.openBlob('offset/app', digest, blob.length, 100000);
      assert.deepEqual(await readAll(opened.stream), blob.subarray(100000));
      assert.deepEqual(ranges, ['bytes=100000-']);
      // A registry that ignores Range: the prefix is skipped.
      const again = await api.openBlob('offset/app', digest, blob.length, 100000);
      assert.deepEqual(await readAll(again.stream), blob.subarray(100000));
      await api.close();
    },
  );
});
