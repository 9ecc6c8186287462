// `berth push`, `save`, `load` and `image inspect docker://` through the built CLI against the
// real registry (plain, and TLS + htpasswd after login): round trips that must pull back and run,
// skipped blobs on a second push, skopeo's inspect fields, and bad input that stores nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { startRegistry, type TestRegistry } from '../harness/registry.ts';

async function plainSetup(
  t: Parameters<typeof createBerthEnv>[0],
): Promise<{ env: BerthEnv; registry: TestRegistry }> {
  const registry = await startRegistry();
  t?.after(() => registry.stop());
  const env = await createBerthEnv(t);
  await env.addRegistry({ location: registry.host, insecure: true });
  await importBusybox(env);
  return { env, registry };
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

test('push → rmi → pull → run; a second push skips the blob; --digestfile; remote inspect', async (t) => {
  const { env, registry } = await plainSetup(t);
  const dest = `${registry.host}/test/busybox:v1`;
  const digestFile = join(env.dir, 'digest');
  const push = await env.berth(['push', '--digestfile', digestFile, 'localhost/busybox', dest]);
  assert.equal(push.status, 0, push.stderr);
  const lines = push.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'Getting image source signatures');
  assert.match(lines[1] ?? '', /^Copying blob sha256:[0-9a-f]{64}$/);
  assert.match(lines[2] ?? '', /^Copying config sha256:[0-9a-f]{64}$/);
  assert.equal(lines[3], 'Writing manifest to image destination');
  assert.equal(lines.length, 4);
  const layerDigest = (lines[1] ?? '').slice('Copying blob '.length);
  const manifestDigest = await readFile(digestFile, 'utf8');
  assert.match(manifestDigest, /^sha256:[0-9a-f]{64}$/);

  const again = await env.berth(['push', 'localhost/busybox', dest]);
  assert.equal(again.status, 0, again.stderr);
  assert.ok(
    again.stderr.includes(`Copying blob ${layerDigest} skipped: already exists\n`),
    again.stderr,
  );

  const inspect = await env.berth(['image', 'inspect', `docker://${dest}`]);
  assert.equal(inspect.status, 0, inspect.stderr);
  const info = JSON.parse(inspect.stdout) as Record<string, unknown>;
  assert.equal(info['Name'], `${registry.host}/test/busybox`);
  assert.equal(info['Digest'], manifestDigest);
  assert.deepEqual(info['RepoTags'], ['v1']);
  assert.equal(info['Os'], 'linux');
  assert.equal(typeof info['Architecture'], 'string');
  assert.deepEqual(info['Layers'], [layerDigest]);
  const layersData = info['LayersData'] as { MIMEType: string; Digest: string }[];
  assert.equal(layersData[0]?.MIMEType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  const raw = await env.berth(['image', 'inspect', '--raw', `docker://${dest}`]);
  assert.equal(raw.status, 0, raw.stderr);
  assert.equal(sha256(Buffer.from(raw.stdout)), manifestDigest);
  const config = await env.berth(['image', 'inspect', '--config', `docker://${dest}`]);
  assert.equal(config.status, 0, config.stderr);
  const configDoc = JSON.parse(config.stdout) as { rootfs: { diff_ids: string[] } };
  assert.equal(configDoc.rootfs.diff_ids.length, 1);

  await env.berthOk(['rmi', 'localhost/busybox']);
  assert.equal(await env.berthOk(['images', '-q']), '');
  const pull = await env.berth(['pull', dest]);
  assert.equal(pull.status, 0, pull.stderr);
  const run = await env.berth(['run', '--rm', dest, 'echo', 'hello']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'hello\n');
  // The pulled image pushed elsewhere on the same registry keeps its manifest (blob mounted).
  const copy = await env.berth(['push', dest, `${registry.host}/other/copy:v2`]);
  assert.equal(copy.status, 0, copy.stderr);
  assert.ok(copy.stderr.includes(`Copying blob ${layerDigest} skipped: already exists`));
  const copied = await env.berth(['image', 'inspect', `docker://${registry.host}/other/copy:v2`]);
  assert.equal((JSON.parse(copied.stdout) as { Digest: string }).Digest, manifestDigest);
});

test('push to a TLS registry with htpasswd after login; remote inspect with --creds', async (t) => {
  await using registry = await startRegistry({ mode: 'tls' });
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const certDir = `${registry.certsDir}/${registry.host}`;
  const user = registry.username ?? '';
  const password = registry.password ?? '';
  const dest = `${registry.host}/secure/busybox:latest`;
  const denied = await env.berth(['push', '--cert-dir', certDir, 'localhost/busybox', dest]);
  assert.equal(denied.status, 125);
  assert.match(denied.stderr, /unauthorized|authentication required/i);
  await env.berthOk(['login', '--cert-dir', certDir, '-u', user, '-p', password, registry.host]);
  const push = await env.berth(['push', '--cert-dir', certDir, 'localhost/busybox', dest]);
  assert.equal(push.status, 0, push.stderr);
  assert.match(push.stderr, /Writing manifest to image destination/);
  const inspect = await env.berth([
    'image',
    'inspect',
    '--cert-dir',
    certDir,
    '--authfile',
    join(env.dir, 'none.json'),
    '--creds',
    `${user}:${password}`,
    `docker://${dest}`,
  ]);
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.equal(
    (JSON.parse(inspect.stdout) as { Name: string }).Name,
    `${registry.host}/secure/busybox`,
  );
});

test('save two images as docker-archive and one as oci-archive; load restores names and runs', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const tarball = join(env.dir, 'rootfs.tar');
  await env.berthOk(['save', '-o', tarball, 'localhost/busybox']);
  const second = await env.berthOk([
    'import',
    '--change',
    'CMD ["/bin/echo", "two"]',
    await singleLayer(env, tarball),
    'localhost/second:v2',
  ]);
  assert.match(second, /^[0-9a-f]{64}\n$/);
  const docker = join(env.dir, 'both.tar');
  await env.berthOk(['save', '-o', docker, 'localhost/busybox', 'localhost/second:v2']);
  const oci = join(env.dir, 'one.oci.tar');
  await env.berthOk(['save', '--format', 'oci-archive', '-o', oci, 'localhost/second:v2']);
  const manifest = JSON.parse(await tarMember(docker, 'manifest.json')) as { RepoTags: string[] }[];
  assert.deepEqual(
    manifest.map((entry) => entry.RepoTags),
    [['localhost/busybox:latest'], ['localhost/second:v2']],
  );

  await env.berthOk(['rmi', '-a']);
  const loaded = await env.berth(['load', '-i', docker]);
  assert.equal(loaded.status, 0, loaded.stderr);
  assert.equal(
    loaded.stdout,
    'Loaded image: localhost/busybox:latest\nLoaded image: localhost/second:v2\n',
  );
  const run = await env.berth(['run', '--rm', 'localhost/second:v2']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'two\n');

  await env.berthOk(['rmi', '-a']);
  const fromStdin = await env.berth(['load'], { input: gzipSync(await readFile(oci)) });
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  assert.equal(fromStdin.stdout, 'Loaded image: localhost/second:v2\n');
  const names = await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}']);
  assert.equal(names, 'localhost/second:v2\n');
  const hello = await env.berth(['run', '--rm', 'localhost/second:v2', 'echo', 'hello']);
  assert.equal(hello.stdout, 'hello\n', hello.stderr);
});

test('bad input: push of an unknown image, load of a truncated archive; nothing stored', async (t) => {
  const env = await createBerthEnv(t);
  const push = await env.berth(['push', 'nosuchimage', '127.0.0.1:1/x:y']);
  assert.equal(push.status, 125);
  assert.match(push.stderr, /nosuchimage: image not known/);

  await importBusybox(env);
  const archive = join(env.dir, 'busybox.tar');
  await env.berthOk(['save', '-o', archive, 'localhost/busybox']);
  await env.berthOk(['rmi', 'localhost/busybox']);
  await truncate(archive, Math.floor((await stat(archive)).size / 2));
  const load = await env.berth(['load', '-i', archive]);
  assert.equal(load.status, 125);
  assert.match(load.stderr, /payload does not match any of the supported image formats/);
  assert.equal(await env.berthOk(['images', '-q']), '');
  const garbage = join(env.dir, 'garbage');
  await writeFile(garbage, 'not a tar at all');
  const bad = await env.berth(['load', '-i', garbage]);
  assert.equal(bad.status, 125);
  assert.equal(await env.berthOk(['images', '-q']), '');
});

/** The single layer tar of a docker-archive (a rootfs tarball `import` accepts). */
async function singleLayer(env: BerthEnv, archive: string): Promise<string> {
  const manifest = JSON.parse(await tarMember(archive, 'manifest.json')) as { Layers: string[] }[];
  const layer = manifest[0]?.Layers[0] ?? '';
  const path = join(env.dir, 'layer.tar');
  await writeFile(path, await tarMemberBytes(archive, layer));
  return path;
}

async function tarMember(archive: string, name: string): Promise<string> {
  return (await tarMemberBytes(archive, name)).toString();
}

async function tarMemberBytes(archive: string, name: string): Promise<Buffer> {
  const tar = await import('tar-stream');
  const { createReadStream } = await import('node:fs');
  const extract = tar.extract();
  createReadStream(archive).pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.name === name) return Buffer.concat(chunks);
  }
  throw new Error(`${name} not in ${archive}`);
}
