// `berth login/logout/search` run like a user against the real registry (TLS + htpasswd for
// login, plain for search): podman's messages, auth.json 0600, nothing written on a bad password.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { sha256Digest } from '../../src/lib/digest.ts';
import { openRegistryClient } from '../../src/image/registry/undici-registry-client.ts';
import { createBerthEnv } from '../harness/berth-env.ts';
import { freePort, startRegistry } from '../harness/registry.ts';

async function pushRepositories(host: string, names: readonly [string, string][]): Promise<void> {
  const client = openRegistryClient({ host, insecure: true, env: { HOME: '/nonexistent' } });
  try {
    const config = Buffer.from(
      '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
    );
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
      layers: [],
    })); // prettier-ignore
    for (const [repository, tag] of names) {
      await client.uploadBlob(repository, sha256Digest(config), config.length, () =>
        Readable.from([config]),
      );
      await client.putManifest(
        repository,
        tag,
        'application/vnd.oci.image.manifest.v1+json',
        manifest,
      );
    }
  } finally {
    await client.close();
  }
}

test('login checks the password first, writes auth.json 0600; --get-login; logout and logout -a', async (t) => {
  await using registry = await startRegistry({ mode: 'tls' });
  const env = await createBerthEnv(t);
  const host = registry.host;
  const certDir = `${registry.certsDir}/${host}`;
  const user = registry.username ?? '';

  const wrong = await env.berth(['login', '--cert-dir', certDir, '-u', user, '-p', 'wrong', host]);
  assert.equal(wrong.status, 125, wrong.stderr);
  assert.equal(wrong.stderr.trim(), `Error: logging into "${host}": invalid username/password`);
  assert.equal(existsSync(env.authFilePath), false, 'nothing written on a wrong password');

  const ok = await env.berth(
    ['login', '--cert-dir', certDir, '-u', user, '--password-stdin', host],
    { input: `${registry.password}\n` },
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'Login Succeeded!\n');
  assert.equal(statSync(env.authFilePath).mode & 0o777, 0o600);
  const stored = JSON.parse(await readFile(env.authFilePath, 'utf8')) as {
    auths: Record<string, { auth: string }>;
  };
  assert.equal(
    Buffer.from(stored.auths[host]?.auth ?? '', 'base64').toString(),
    `${user}:${registry.password}`,
  );
  assert.equal(await env.berthOk(['login', '--get-login', host]), `${user}\n`);

  // The stored credentials are used by later commands: search the TLS registry with them.
  await pushRepositoriesTls(registry.url, registry.authorization ?? '', registry.agent);
  const found = await env.berthOk(['search', '--cert-dir', certDir, `${host}/`]);
  assert.equal(found, `NAME${' '.repeat(host.length + 9)}DESCRIPTION\n${host}/secure/app  \n`);

  const other = await env.berth(['logout', '127.0.0.1:1']);
  assert.equal(other.status, 125);
  assert.equal(other.stderr.trim(), 'Error: not logged into 127.0.0.1:1');
  assert.equal(await env.berthOk(['logout', host]), `Removed login credentials for ${host}\n`);
  const after = await env.berth(['login', '--get-login', host]);
  assert.equal(after.stderr.trim(), `Error: not logged into ${host}`);

  await env.writeAuth('a.example', 'x', 'y');
  assert.equal(
    await env.berthOk(['logout', '-a']),
    'Removed login credentials for all registries\n',
  );
  assert.deepEqual(JSON.parse(await readFile(env.authFilePath, 'utf8')), { auths: {} });
});

/** One repository pushed straight over HTTP with Basic auth (the TLS registry needs credentials). */
async function pushRepositoriesTls(
  url: string,
  authorization: string,
  agent: import('undici').Agent,
): Promise<void> {
  const { request } = await import('undici');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256Digest('{}'),
      size: 2,
    },
    layers: [],
  });
  const post = await request(`${url}/v2/secure/app/blobs/uploads/`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization },
  });
  await post.body.dump();
  const location = new URL(String(post.headers['location']), url);
  location.searchParams.set('digest', sha256Digest('{}'));
  const put = await request(location, {
    method: 'PUT',
    dispatcher: agent,
    headers: { authorization },
    body: '{}',
  });
  await put.body.dump();
  const res = await request(`${url}/v2/secure/app/manifests/v1`, {
    method: 'PUT',
    dispatcher: agent,
    headers: { authorization, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  await res.body.dump();
  assert.equal(res.statusCode, 201);
}

test('login errors: refused connection and unknown CA, in podman words', async (t) => {
  const env = await createBerthEnv(t);
  const port = await freePort();
  const refused = await env.berth(['login', '-u', 'a', '-p', 'b', `127.0.0.1:${port}`]);
  assert.equal(refused.status, 125);
  assert.equal(
    refused.stderr.trim(),
    `Error: authenticating creds for "127.0.0.1:${port}": pinging container registry 127.0.0.1:${port}: Get "https://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
  const mutually = await env.berth([
    'login',
    '-u',
    'a',
    '-p',
    'b',
    '--password-stdin',
    'x.example',
  ]);
  assert.equal(
    mutually.stderr.trim(),
    'Error: --password and --password-stdin are mutually exclusive',
  );
});

test('search: a short term across two search registries, --limit, --list-tags, --format', async (t) => {
  await using one = await startRegistry();
  await using two = await startRegistry();
  const env = await createBerthEnv(t);
  await env.addRegistry({ location: one.host, insecure: true });
  await env.addRegistry({ location: two.host, insecure: true });
  await env.setSearchRegistries([one.host, two.host]);
  await pushRepositories(one.host, [
    ['library/busybox', 'latest'],
    ['tools/busybox-extras', '1.0'],
    ['tools/alpine', 'x'],
  ]);
  await pushRepositories(two.host, [
    ['mirror/busybox', 'v1'],
    ['mirror/busybox', 'v2'],
    ['mirror/busybox', 'v3'],
  ]);

  const table = await env.berthOk(['search', 'busy']);
  const lines = table
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd());
  assert.match(lines[0] ?? '', /^NAME\s+DESCRIPTION$/);
  assert.deepEqual(lines.slice(1), [
    `${one.host}/library/busybox`,
    `${one.host}/tools/busybox-extras`,
    `${two.host}/mirror/busybox`,
  ]);

  const limited = await env.berthOk([
    'search',
    '--limit',
    '1',
    '--format',
    '{{.Index}} {{.Name}}',
    'busy',
  ]);
  assert.equal(
    limited,
    `${one.host} ${one.host}/library/busybox\n${two.host} ${two.host}/mirror/busybox\n`,
  );

  const json = JSON.parse(
    await env.berthOk(['search', '--format', 'json', `${one.host}/alpine`]),
  ) as unknown;
  assert.deepEqual(json, [
    {
      Index: one.host,
      Name: `${one.host}/tools/alpine`,
      Description: '',
      Stars: 0,
      Official: '',
      Automated: '',
      Tag: '',
    },
  ]);

  const tags = await env.berthOk([
    'search',
    '--list-tags',
    '--limit',
    '2',
    `${two.host}/mirror/busybox`,
  ]);
  const tagLines = tags
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s+/));
  assert.deepEqual(tagLines[0], ['NAME', 'TAG']);
  assert.equal(tagLines.length, 3);
  for (const [name, tag] of tagLines.slice(1)) {
    assert.equal(name, `${two.host}/mirror/busybox`);
    assert.ok(['v1', 'v2', 'v3'].includes(tag ?? ''), tag);
  }

  const official = await env.berthOk(['search', '--filter', 'is-official=true', 'busy']);
  assert.equal(official, '');
  const badFilter = await env.berth(['search', '--filter', 'color=red', 'busy']);
  assert.equal(badFilter.stderr.trim(), 'Error: invalid filter type "color"');
});
