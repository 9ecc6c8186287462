// `berth pull` through the built CLI against the real registry: podman's progress lines and the
// ID, run of the pulled image, short names, skipped blobs, unknown tags, hostile layers, and a
// pull killed with SIGKILL that leaves nothing half-made behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import * as tar from 'tar-stream';
import { createBerthEnv, berthBin, type BerthEnv } from '../harness/berth-env.ts';
import { busyboxRootfsTar } from '../harness/fixtures.ts';
import { startRegistry, type TestRegistry } from '../harness/registry.ts';
import { openRegistryClient } from '../../src/image/registry/undici-registry-client.ts';
import { goArchName } from '../../src/lib/version-report.ts';
import { isProcessLive, readProcessStat } from '../../src/host/process-alive.ts';
import type { Digest } from '../../src/lib/digest.ts';

const sha256 = (data: Buffer) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;

interface PushedImage {
  configDigest: Digest;
  layerDigests: Digest[];
}

/** Uploads uncompressed layer tars (gzipped here), a config and an OCI manifest as REPO:TAG. */
async function pushImage(
  registry: TestRegistry,
  repository: string,
  tag: string,
  layerTars: Buffer[],
): Promise<PushedImage> {
  const client = openRegistryClient({ host: registry.host, insecure: true, env: process.env });
  try {
    const layers = layerTars.map((layer) => ({
      diffId: sha256(layer),
      blob: gzipSync(layer, { level: 1 }),
    }));
    for (const layer of layers) {
      await client.uploadBlob(repository, sha256(layer.blob), layer.blob.length, () =>
        Readable.from([layer.blob]),
      );
    }
    const config = Buffer.from(
      JSON.stringify({
        created: '2024-01-01T00:00:00Z',
        architecture: goArchName(),
        os: 'linux',
        config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
        rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
        history: layers.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'test' })),
      }),
    );
    const configDigest = sha256(config);
    await client.uploadBlob(repository, configDigest, config.length, () => Readable.from([config]));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: config.length,
        },
        layers: layers.map((layer) => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: sha256(layer.blob),
          size: layer.blob.length,
        })),
      }),
    );
    await client.putManifest(
      repository,
      tag,
      'application/vnd.oci.image.manifest.v1+json',
      manifest,
    );
    return { configDigest, layerDigests: layers.map((layer) => sha256(layer.blob)) };
  } finally {
    await client.close();
  }
}

async function tarOf(
  entries: { name: string; body?: string; type?: 'file' | 'directory' }[],
): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries)
    pack.entry(
      { name: entry.name, type: entry.type ?? 'file', mode: 0o644, mtime: new Date(0) },
      entry.body ?? '',
    );
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function setup(
  t: Parameters<typeof createBerthEnv>[0],
): Promise<{ env: BerthEnv; registry: TestRegistry; busybox: Buffer }> {
  const registry = await startRegistry();
  t?.after(() => registry.stop());
  const env = await createBerthEnv(t);
  await env.addRegistry({ location: registry.host, insecure: true });
  const busybox = await readFile(await busyboxRootfsTar(env.dir));
  return { env, registry, busybox };
}

const progressLines = (host: string, name: string, image: PushedImage) => [
  `Trying to pull ${host}/${name}...`,
  'Getting image source signatures',
  ...image.layerDigests.map((digest) => `Copying blob ${digest}`),
  `Copying config ${image.configDigest}`,
  'Writing manifest to image destination',
  'Storing signatures',
];

test('pull prints podman lines and the ID; the image runs; a second pull needs no blob', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const image = await pushImage(registry, 'busybox', 'latest', [busybox]);
  const first = await env.berth(['pull', `${registry.host}/busybox:latest`]);
  assert.equal(first.status, 0, first.stderr);
  assert.deepEqual(
    first.stderr.trimEnd().split('\n'),
    progressLines(registry.host, 'busybox:latest', image),
  );
  assert.equal(first.stdout, `${image.configDigest.slice(7)}\n`);

  const run = await env.berth(['run', '--rm', `${registry.host}/busybox:latest`, 'echo', 'hello']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'hello\n');

  // With the layer blob gone from the registry, only a pull that skips present layers succeeds.
  const deleted = await request(`${registry.url}/v2/busybox/blobs/${image.layerDigests[0]}`, {
    method: 'DELETE',
    dispatcher: registry.agent,
  });
  await deleted.body.dump();
  assert.equal(deleted.statusCode, 202);
  const second = await env.berth(['pull', `${registry.host}/busybox:latest`]);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  const images = await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.equal(images, `${registry.host}/busybox:latest ${image.configDigest.slice(7, 19)}\n`);
});

test('a short name is tried on the unqualified-search registries; -q prints only the ID', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const image = await pushImage(registry, 'pulltest/busybox', 'v1', [busybox]);
  await env.setSearchRegistries([registry.host]);
  const pulled = await env.berth(['pull', 'pulltest/busybox:v1']);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.deepEqual(pulled.stderr.trimEnd().split('\n'), [
    `Resolving "pulltest/busybox:v1" using unqualified-search registries (${env.registriesConfPath})`,
    ...progressLines(registry.host, 'pulltest/busybox:v1', image),
  ]);
  assert.equal(pulled.stdout, `${image.configDigest.slice(7)}\n`);
  const quiet = await env.berth(['pull', '-q', 'pulltest/busybox:v1']);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  assert.equal(quiet.stdout, pulled.stdout);
  // --policy missing: the local image answers, the registry is not asked (no progress at all).
  const missing = await env.berth(['pull', '--policy', 'missing', 'pulltest/busybox:v1']);
  assert.equal(missing.status, 0, missing.stderr);
  assert.equal(missing.stderr, '');
  assert.equal(missing.stdout, pulled.stdout);
  const never = await env.berth(['pull', '--policy', 'never', 'pulltest/other:v1']);
  assert.equal(never.status, 125);
  assert.match(never.stderr, /pulltest\/other:v1: image not known/);
});

test('an unknown tag fails with manifest unknown and stores nothing', async (t) => {
  const { env, registry, busybox } = await setup(t);
  await pushImage(registry, 'busybox', 'latest', [busybox]);
  const missing = await env.berth(['pull', `${registry.host}/busybox:nosuchtag`]);
  assert.equal(missing.status, 125);
  assert.match(
    missing.stderr,
    new RegExp(
      `initializing source docker://${registry.host}/busybox:nosuchtag: .*manifest unknown`,
    ),
  );
  assert.equal(await env.berthOk(['images', '-q']), '');
});

test('a layer with ../ or absolute paths is rejected and nothing is listed or written outside', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const escapeName = `berth-escape-${randomBytes(4).toString('hex')}`;
  await pushImage(registry, 'evil', 'dotdot', [
    busybox,
    await tarOf([{ name: `../../../../../../tmp/${escapeName}`, body: 'x' }]),
  ]);
  await pushImage(registry, 'evil', 'abs', [
    await tarOf([{ name: `/tmp/${escapeName}`, body: 'x' }]),
  ]);
  for (const tag of ['dotdot', 'abs']) {
    const pulled = await env.berth(['pull', `${registry.host}/evil:${tag}`]);
    assert.equal(pulled.status, 125, pulled.stderr);
    assert.match(
      pulled.stderr,
      /invalid layer: path ".*berth-escape-.*" is (outside of the layer root|absolute)/,
    );
  }
  assert.equal(existsSync(`/tmp/${escapeName}`), false);
  assert.equal(await env.berthOk(['images', '-q']), '');
});

test('a pull killed with SIGKILL leaves no image; the next pull succeeds', async (t) => {
  const { env, registry, busybox } = await setup(t);
  // Incompressible data makes the pull take long enough to be killed in the middle.
  const big = await tarOf([{ name: 'blob.bin', body: randomBytes(48 << 20).toString('base64') }]);
  const image = await pushImage(registry, 'big', 'latest', [busybox, big]);
  const child = spawn(
    process.execPath,
    [berthBin, ...env.globalArgs, 'pull', `${registry.host}/big:latest`],
    { env: env.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Copying blob')) resolve();
    });
    child.on('exit', () => reject(new Error(`pull ended before it could be killed: ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 150));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('close', resolve));
  assert.equal(await env.berthOk(['images', '-q']), '');
  const again = await env.berth(['pull', `${registry.host}/big:latest`]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, `${image.configDigest.slice(7)}\n`);
  assert.equal(await env.berthOk(['images', '-q']), `${image.configDigest.slice(7, 19)}\n`);
  // The killed pull's staging dir was swept by the next pull (it belonged to a dead process).
  const driver = existsSync(join(env.root, 'overlay', '.staging')) ? 'overlay' : 'vfs';
  assert.deepEqual(await readdir(join(env.root, driver, '.staging')), []);
});

test('run and create follow --pull: missing pulls only an absent image, always pulls again, never refuses an absent one', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const ref = `${registry.host}/versioned:latest`;
  await pushImage(registry, 'versioned', 'latest', [
    busybox,
    await tarOf([{ name: 'v', body: '1\n' }]),
  ]);
  const never = await env.berth(['create', '--pull', 'never', ref, 'true']);
  assert.deepEqual([never.status, never.stderr], [125, `Error: ${ref}: image not known\n`]);
  const bad = await env.berth(['run', '--rm', '--pull', 'sometimes', ref, 'true']);
  assert.deepEqual([bad.status, bad.stderr], [125, 'Error: invalid pull policy "sometimes"\n']);

  assert.equal(
    await env.berthOk(['run', '--rm', ref, 'cat', '/v']),
    '1\n',
    'missing: pulled once absent',
  );
  await pushImage(registry, 'versioned', 'latest', [
    busybox,
    await tarOf([{ name: 'v', body: '2\n' }]),
  ]);
  assert.equal(
    await env.berthOk(['run', '--rm', ref, 'cat', '/v']),
    '1\n',
    'missing: the local image is used',
  );
  assert.equal(await env.berthOk(['run', '--rm', '--pull', 'never', ref, 'cat', '/v']), '1\n');
  assert.equal(
    await env.berthOk(['run', '--rm', '--pull', 'always', ref, 'cat', '/v']),
    '2\n',
    'always: pulled again',
  );
  await env.berthOk(['create', '--name', 'made', '--pull', 'never', ref, 'true']);
});

/** The state letter of /proc/PID/stat (after the last ')'), or undefined when pid is gone. */
async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already (a tar may finish its layer meanwhile).
  }
}

/** Polls cond every 5 ms; fails with message when it still fails after timeoutMs. */
async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, message: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    assert.ok(Date.now() < deadline, message);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The pids of pid's children named `tar` (its extractors). */
async function tarChildren(pid: number): Promise<number[]> {
  const tars: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter(Boolean).map(Number)) {
      const comm = await readFile(`/proc/${child}/comm`, 'utf8').catch(() => '');
      if (comm.trim() === 'tar') tars.push(child);
    }
  }
  return tars;
}

/**
 * Starts a pull under a parent that never reaps it (a shell exec'd into `sleep`), so once it is
 * killed with SIGKILL mid-layer it stays a zombie, as orphans do where PID 1 never reaps: the
 * pid still answers kill(pid, 0). Its extractors are stopped just before, as a tar starved under
 * load would be, still holding input to extract: they must die with the pull, not write into
 * its staging dir while the next command sweeps it. Returns the zombie's pid; the parent goes
 * at test end.
 */
async function zombiePull(
  t: Parameters<typeof createBerthEnv>[0],
  env: BerthEnv,
  reference: string,
): Promise<number> {
  const parent = spawn(
    'sh',
    [
      '-c',
      '"$0" "$@" >/dev/null & echo $!; exec sleep 120',
      process.execPath,
      berthBin,
      ...env.globalArgs,
      'pull',
      reference,
    ],
    { env: env.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t?.after(() => parent.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  parent.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    parent.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Copying blob')) resolve();
    });
    parent.on('exit', () => reject(new Error(`pull ended before it could be killed: ${stderr}`)));
  });
  const pid = Number(stdout.trim());
  assert.ok(pid > 0, stdout);
  // Mid-layer: a staging dir of this pull holds extracted files (a fixed delay is too short
  // under load).
  const staging = join(env.root, 'overlay', '.staging');
  const extracting = async () => {
    for (const name of await readdir(staging).catch(() => [] as string[])) {
      if (!name.startsWith(`${pid}-`)) continue;
      if ((await readdir(join(staging, name, 'diff')).catch(() => [])).length > 0) return true;
    }
    return false;
  };
  await until(extracting, 60_000, 'the pull never started extracting');
  const tars = (await tarChildren(pid)).flatMap((tar) => {
    const startTime = readProcessStat(tar)?.startTime;
    return startTime === undefined ? [] : [{ pid: tar, startTime }];
  });
  assert.notDeepEqual(tars, [], 'the pull extracts with tar');
  for (const tar of tars) killQuietly(tar.pid, 'SIGSTOP');
  // Without the fix they would stay stopped: end them, but only while the pid is still theirs.
  t?.after(() => {
    for (const tar of tars) if (isProcessLive(tar.pid, tar.startTime)) killQuietly(tar.pid);
  });
  process.kill(pid, 'SIGKILL');
  while ((await processState(pid)) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 10));
  const running = () => tars.filter((tar) => isProcessLive(tar.pid, tar.startTime));
  await until(() => running().length === 0, 5000, 'the killed pull left no tar running');
  return pid;
}

test('a pull killed with SIGKILL whose process stays a zombie: the next pull and rmi -af sweep its staging dir', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const big = await tarOf([{ name: 'blob.bin', body: randomBytes(32 << 20).toString('base64') }]);
  const image = await pushImage(registry, 'bigz', 'latest', [busybox, big]);
  const reference = `${registry.host}/bigz:latest`;
  const staging = join(env.root, 'overlay', '.staging');
  const owned = async (pid: number) =>
    (await readdir(staging)).filter((name) => name.startsWith(`${pid}-`));

  const first = await zombiePull(t, env, reference);
  assert.notDeepEqual(await owned(first), [], 'the killed pull left its staging dir');
  const again = await env.berth(['pull', '-q', reference]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, `${image.configDigest.slice(7)}\n`);
  assert.deepEqual(await readdir(staging), []);

  await env.berthOk(['rmi', '-af']);
  const second = await zombiePull(t, env, reference);
  assert.notDeepEqual(await owned(second), [], 'the killed pull left its staging dir');
  await env.berthOk(['rmi', '-af']);
  assert.deepEqual(await readdir(staging), []);
});

test("commit gives its image podman's Size (layers + config + manifest), as a pulled image has", async (t) => {
  const { env, registry, busybox } = await setup(t);
  await pushImage(registry, 'busybox', 'latest', [busybox]);
  const reference = `${registry.host}/busybox:latest`;
  await env.berthOk(['pull', '-q', reference]);
  const inspect = async (ref: string) => {
    const [id, digest, size] = (
      await env.berthOk(['image', 'inspect', '--format', '{{.Id}} {{.Digest}} {{.Size}}', ref])
    )
      .trim()
      .split(' ');
    const blob = (hex: string) => readFile(join(env.root, 'blobs', 'sha256', hex));
    return {
      config: await blob(id ?? ''),
      manifest: await blob((digest ?? '').slice('sha256:'.length)),
      size: Number(size),
    };
  };
  const pulled = await inspect(reference);
  assert.equal(pulled.size, busybox.length + pulled.config.length + pulled.manifest.length);

  await env.berthOk(['run', '--name', 'c', reference, 'sh', '-c', 'echo hi > /added']);
  await env.berthOk(['commit', '-q', 'c', 'localhost/committed']);
  const committed = await inspect('localhost/committed');
  const layers = (JSON.parse(committed.manifest.toString()) as { layers: { size: number }[] })
    .layers;
  assert.equal(layers.length, 2);
  // The committed layer is stored uncompressed: its manifest size is its tar's size.
  const added = layers[1]?.size ?? 0;
  assert.equal(
    committed.size,
    busybox.length + added + committed.config.length + committed.manifest.length,
  );
  await env.berthOk(['rm', 'c']);
});

test('pull SHORTNAME pulls the local image the short name resolves to, not its alias; run --pull=always agrees', async (t) => {
  const { env, registry, busybox } = await setup(t);
  const image = await pushImage(registry, 'ubi8/ubi', 'latest', [busybox]);
  // The alias points at a registry that refuses connections, as a public one does offline
  // (a drop-in such as Debian's shortnames.conf may name registry.access.redhat.com instead).
  await appendFile(env.registriesConfPath, '\n[aliases]\n"ubi8/ubi" = "127.0.0.1:1/ubi8/ubi"\n');
  const full = `${registry.host}/ubi8/ubi:latest`;
  await env.berthOk(['pull', '-q', full]);

  const short = await env.berth(['pull', 'ubi8/ubi']);
  assert.equal(short.status, 0, short.stderr);
  assert.deepEqual(short.stderr.trimEnd().split('\n'), [
    `Trying to pull ${full}...`,
    'Getting image source signatures',
    `Copying blob ${image.layerDigests[0]}`,
    `Copying config ${image.configDigest}`,
    'Writing manifest to image destination',
    'Storing signatures',
  ]);
  assert.equal(short.stdout, `${image.configDigest.slice(7)}\n`);
  // run/create's --pull=always pulls through the same local lookup.
  const run = await env.berth(['run', '--rm', '--pull=always', 'ubi8/ubi', 'echo', 'ran']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'ran\n');
  // Without a local image the alias is still what a short name means.
  await env.berthOk(['rmi', '-a']);
  const offline = await env.berth(['pull', 'ubi8/ubi']);
  assert.equal(offline.status, 125);
  assert.match(offline.stderr, /^Resolved "ubi8\/ubi" as an alias /);
});
