// The undici RegistryClient against Debian's real docker-registry (plain, TLS + htpasswd) and the
// Bearer token front from test/harness/token-server.ts: push, pull, mount, lists, errors.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { BerthError } from '../../src/lib/berth-error.ts';
import { sha256Digest } from '../../src/lib/digest.ts';
import { openRegistryClient } from '../../src/image/registry/undici-registry-client.ts';
import type {
  RegistryClient,
  RegistryClientOptions,
} from '../../src/image/registry/registry-client.ts';
import { freePort, startRegistry } from '../harness/registry.ts';
import { startTokenServer } from '../harness/token-server.ts';

const env = { HOME: '/nonexistent-berth-home', REGISTRY_AUTH_FILE: '/nonexistent-berth-auth.json' };

function client(options: Partial<RegistryClientOptions> & { host: string }): RegistryClient {
  return openRegistryClient({
    insecure: false,
    env,
    retry: { attempts: 3, baseDelayMs: 10 },
    ...options,
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Pushes a config + one layer + an OCI manifest; returns the manifest digest and the layer. */
async function pushImage(registry: RegistryClient, repository: string, tag: string) {
  const layer = randomBytes(3000);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  for (const blob of [layer, config]) {
    await registry.uploadBlob(repository, sha256Digest(blob), blob.length, () =>
      Readable.from([blob]),
    );
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256Digest(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar',
          digest: sha256Digest(layer),
          size: layer.length,
        },
      ],
    }),
  );
  const digest = await registry.putManifest(
    repository,
    tag,
    'application/vnd.oci.image.manifest.v1+json',
    manifest,
  );
  return { digest, manifest, layer };
}

test('plain registry: push a blob and an OCI manifest, get both back verified', async () => {
  await using registry = await startRegistry();
  const api = client({ host: registry.host, insecure: true });
  try {
    await api.ping();
    const pushed = await pushImage(api, 'berth/one', 'v1');
    assert.equal(pushed.digest, sha256Digest(pushed.manifest));
    const manifest = await api.getManifest('berth/one', 'v1');
    assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(manifest.digest, pushed.digest);
    assert.deepEqual(manifest.bytes, pushed.manifest);
    assert.equal((await api.getManifest('berth/one', pushed.digest)).digest, pushed.digest);
    const blob = await api.openBlob('berth/one', sha256Digest(pushed.layer), pushed.layer.length);
    assert.deepEqual(await readAll(blob.stream), pushed.layer);
    assert.equal(await api.blobExists('berth/one', sha256Digest(pushed.layer)), true);
    assert.equal(await api.blobExists('berth/one', sha256Digest('absent')), false);
  } finally {
    await api.close();
  }
});

test('chunked upload (PATCH with Content-Range, then PUT) stores the exact bytes', async () => {
  await using registry = await startRegistry();
  const api = client({
    host: registry.host,
    insecure: true,
    upload: { monolithicMaxBytes: 1000, chunkBytes: 4096 },
  });
  try {
    const data = randomBytes(4096 * 3 + 123);
    const digest = sha256Digest(data);
    // Many small source chunks: the uploader must regroup them into 4096-byte PATCHes.
    const parts = Array.from({ length: Math.ceil(data.length / 310) }, (_, i) =>
      data.subarray(i * 310, (i + 1) * 310),
    );
    await api.uploadBlob('berth/chunked', digest, data.length, () => Readable.from(parts));
    const blob = await api.openBlob('berth/chunked', digest);
    assert.deepEqual(await readAll(blob.stream), data);
    // Cross-repository mount of the same blob, then it exists in the target.
    assert.equal(await api.mountBlob('berth/mounted', digest, 'berth/chunked'), true);
    assert.equal(await api.blobExists('berth/mounted', digest), true);
    assert.equal(
      await api.mountBlob('berth/other', sha256Digest('never pushed'), 'berth/chunked'),
      false,
    );
  } finally {
    await api.close();
  }
});

test('tags and catalog follow Link pagination; unknown manifests use podman wording', async () => {
  await using registry = await startRegistry();
  const api = client({ host: registry.host, insecure: true, listPageSize: 1 });
  try {
    for (const tag of ['b', 'a', 'c']) await pushImage(api, 'berth/tags', tag);
    await pushImage(api, 'berth/second', 'latest');
    await pushImage(api, 'other/third', 'latest');
    assert.deepEqual((await api.listTags('berth/tags')).sort(), ['a', 'b', 'c']);
    assert.deepEqual(await api.catalog(), ['berth/second', 'berth/tags', 'other/third']);
    await assert.rejects(api.getManifest('berth/tags', 'nope'), (error: unknown) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.code, 'MANIFEST_UNKNOWN');
      assert.equal(
        error.message,
        `reading manifest nope in ${registry.host}/berth/tags: manifest unknown: manifest unknown`,
      );
      return true;
    });
  } finally {
    await api.close();
  }
});

test('TLS + htpasswd: CA from --cert-dir, Basic credentials, wrong password and unknown CA', async () => {
  await using registry = await startRegistry({ mode: 'tls' });
  const certDir = `${registry.certsDir}/${registry.host}`;
  const credentials = { username: registry.username ?? '', password: registry.password ?? '' };
  const good = client({ host: registry.host, certDir, credentials });
  const wrong = client({
    host: registry.host,
    certDir,
    credentials: { ...credentials, password: 'wrong' },
  });
  const anonymous = client({ host: registry.host, certDir });
  const untrusted = client({ host: registry.host, credentials });
  const insecure = client({ host: registry.host, credentials, insecure: true });
  try {
    await good.ping();
    const pushed = await pushImage(good, 'secure/app', 'v1');
    assert.equal((await good.getManifest('secure/app', 'v1')).digest, pushed.digest);
    await assert.rejects(wrong.ping(), {
      code: 'UNAUTHORIZED',
      message: 'invalid username/password',
    });
    await assert.rejects(anonymous.getManifest('secure/app', 'v1'), {
      code: 'UNAUTHORIZED',
      message: `reading manifest v1 in ${registry.host}/secure/app: unauthorized: authentication required`,
    });
    await assert.rejects(untrusted.ping(), (error: unknown) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.code, 'REGISTRY_UNREACHABLE');
      assert.match(
        error.message,
        /^pinging container registry 127\.0\.0\.1:\d+: Get "https:\/\/127\.0\.0\.1:\d+\/v2\/": tls: failed to verify certificate/,
      );
      return true;
    });
    await insecure.ping();
  } finally {
    await Promise.all([good, wrong, anonymous, untrusted, insecure].map((api) => api.close()));
  }
});

test('Bearer token flow: scoped tokens, cached per scope, wrong password refused', async () => {
  await using registry = await startRegistry();
  await using front = await startTokenServer({
    upstream: registry.url,
    username: 'tok',
    password: 'secret',
  });
  const api = client({
    host: front.host,
    insecure: true,
    credentials: { username: 'tok', password: 'secret' },
  });
  const wrong = client({
    host: front.host,
    insecure: true,
    credentials: { username: 'tok', password: 'nope' },
  });
  try {
    await api.ping();
    const pushed = await pushImage(api, 'bearer/app', 'v1');
    assert.equal((await api.getManifest('bearer/app', 'v1')).digest, pushed.digest);
    assert.deepEqual(await api.listTags('bearer/app'), ['v1']);
    assert.deepEqual(await api.catalog(), ['bearer/app']);
    const requested = front.tokenRequests.map((scopes) => scopes.join(' '));
    assert.deepEqual([...new Set(requested)].sort(), [
      '',
      'registry:catalog:*',
      'repository:bearer/app:pull',
      'repository:bearer/app:pull,push',
    ]);
    assert.equal(requested.length, 4, `one token per scope set, got ${requested.join(' | ')}`);
    await assert.rejects(wrong.ping(), (error: unknown) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.code, 'UNAUTHORIZED');
      assert.match(error.message, /invalid username\/password/);
      return true;
    });
  } finally {
    await Promise.all([api.close(), wrong.close()]);
  }
});

test('connection refused is worded as podman words it', async () => {
  const port = await freePort();
  const api = client({ host: `127.0.0.1:${port}` });
  try {
    await assert.rejects(api.ping(), {
      code: 'REGISTRY_UNREACHABLE',
      message: `pinging container registry 127.0.0.1:${port}: Get "https://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  } finally {
    await api.close();
  }
  // An insecure registry was tried over plain HTTP last, and podman reports that attempt.
  const insecure = client({ host: `127.0.0.1:${port}`, insecure: true });
  try {
    await assert.rejects(insecure.ping(), {
      code: 'REGISTRY_UNREACHABLE',
      message: `pinging container registry 127.0.0.1:${port}: Get "http://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  } finally {
    await insecure.close();
  }
});
