// Proves the registry harness against Debian's real docker-registry: plain HTTP with a blob round
// trip, TLS with the CA made for the run plus htpasswd, stop(), and parallel instances.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Agent, request } from 'undici';
import { startRegistry, type TestRegistry } from '../harness/registry.ts';

async function get(registry: TestRegistry, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${registry.url}${path}`, { dispatcher: registry.agent, headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('plain registry answers /v2/ with 200 and stores an uploaded blob', async () => {
  await using registry = await startRegistry();
  assert.match(registry.host, /^127\.0\.0\.1:\d+$/);
  assert.equal(registry.url, `http://${registry.host}`);
  assert.equal(registry.caPath, undefined);

  const root = await get(registry, '/v2/');
  assert.equal(root.status, 200);
  assert.equal(root.headers['docker-distribution-api-version'], 'registry/2.0');

  const blob = Buffer.from(`berth harness blob ${Date.now()}\n`);
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const started = await request(`${registry.url}/v2/test/blobs/uploads/`, {
    method: 'POST',
    dispatcher: registry.agent,
  });
  await started.body.dump();
  assert.equal(started.statusCode, 202);
  const location = started.headers['location'];
  assert.equal(typeof location, 'string');
  const uploadUrl = new URL(String(location), registry.url);
  uploadUrl.searchParams.set('digest', digest);
  const put = await request(uploadUrl, {
    method: 'PUT',
    dispatcher: registry.agent,
    headers: { 'content-type': 'application/octet-stream', 'content-length': `${blob.length}` },
    body: blob,
  });
  await put.body.dump();
  assert.equal(put.statusCode, 201);
  assert.equal(put.headers['docker-content-digest'], digest);

  const fetched = await get(registry, `/v2/test/blobs/${digest}`);
  assert.equal(fetched.status, 200);
  assert.deepEqual(fetched.body, blob);
  const hex = digest.slice('sha256:'.length);
  const stored = join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex);
  assert.deepEqual(await readFile(join(stored, 'data')), blob);

  const missing = await get(registry, `/v2/test/blobs/sha256:${'0'.repeat(64)}`);
  assert.equal(missing.status, 404);
});

test('TLS registry demands Basic credentials and trusts only its generated CA', async () => {
  await using registry = await startRegistry({ mode: 'tls', password: 'pass-word' });
  assert.equal(registry.url, `https://${registry.host}`);
  assert.equal(registry.username, 'berth');
  assert.equal(registry.password, 'pass-word');
  const caPath = registry.caPath ?? assert.fail('caPath missing');
  const certsDir = registry.certsDir ?? assert.fail('certsDir missing');
  assert.deepEqual(readFileSync(join(certsDir, registry.host, 'ca.crt')), readFileSync(caPath));

  const anonymous = await get(registry, '/v2/');
  assert.equal(anonymous.status, 401);
  assert.match(String(anonymous.headers['www-authenticate']), /^Basic realm="berth-test"/);

  const wrong = Buffer.from('berth:not-the-password').toString('base64');
  assert.equal((await get(registry, '/v2/', { authorization: `Basic ${wrong}` })).status, 401);

  const authorization = registry.authorization ?? assert.fail('authorization missing');
  assert.equal(authorization, `Basic ${Buffer.from('berth:pass-word').toString('base64')}`);
  const allowed = await get(registry, '/v2/', { authorization });
  assert.equal(allowed.status, 200);

  // The server certificate is not trusted without the generated CA.
  const untrusting = new Agent();
  try {
    await assert.rejects(request(`${registry.url}/v2/`, { dispatcher: untrusting }), (error) => {
      assert.match(String((error as Error).message ?? error), /certificate|self.signed|issuer/i);
      return true;
    });
  } finally {
    await untrusting.close();
  }

  // The certificate names localhost too (SAN DNS:localhost).
  const byName = await request(`https://localhost:${registry.port}/v2/`, {
    dispatcher: registry.agent,
    headers: { authorization },
  });
  await byName.body.dump();
  assert.equal(byName.statusCode, 200);
});

test('stop() ends the registry process, frees the port and removes its files', async () => {
  const registry = await startRegistry({ mode: 'tls' });
  const { pid, storageDir } = registry;
  assert.ok(isAlive(pid), 'registry should be running');
  await registry.stop();
  assert.equal(isAlive(pid), false, `registry PID ${pid} still alive after stop()`);
  assert.equal(existsSync(storageDir), false);
  const probe = new Agent();
  try {
    await assert.rejects(
      request(`http://${registry.host}/v2/`, { dispatcher: probe }),
      /ECONNREFUSED/,
    );
  } finally {
    await probe.close();
  }
  await registry.stop(); // idempotent
});

test('two registries started in parallel get different ports and both answer', async () => {
  const [a, b] = await Promise.all([startRegistry(), startRegistry({ mode: 'tls' })]);
  try {
    assert.notEqual(a.port, b.port);
    assert.notEqual(a.pid, b.pid);
    assert.equal((await get(a, '/v2/')).status, 200);
    assert.equal((await get(b, '/v2/')).status, 401);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('REGISTRY_* variables in the environment do not reach the registry', async () => {
  const saved = process.env['REGISTRY_AUTH_FILE'];
  process.env['REGISTRY_AUTH_FILE'] = '/nonexistent/auth.json';
  process.env['REGISTRY_HTTP_ADDR'] = '127.0.0.1:1';
  try {
    await using registry = await startRegistry();
    assert.equal((await get(registry, '/v2/')).status, 200);
  } finally {
    if (saved === undefined) delete process.env['REGISTRY_AUTH_FILE'];
    else process.env['REGISTRY_AUTH_FILE'] = saved;
    delete process.env['REGISTRY_HTTP_ADDR'];
  }
});
