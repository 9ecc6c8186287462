// `berth pull` of what registries really serve, through the built CLI against the real registry:
// multi-platform indexes (OCI and Docker), zstd and uncompressed layers, --all-tags, a mirror in
// front of a registry that is down, connections cut mid-blob, altered blobs, and policy.json.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, statfs, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { busyboxRootfsTar } from '../harness/fixtures.ts';
import {
  gzipLayer,
  imageId,
  mediaTypes,
  plainLayer,
  pushImage,
  pushIndex,
  sha256,
  tarOf,
  zstdLayer,
  type Platform,
  type PushedManifest,
} from '../harness/image-builder.ts';
import { freePort, startRegistry, type TestRegistry } from '../harness/registry.ts';
import { runOk } from '../harness/run-process.ts';
import { goArchName } from '../../src/lib/version-report.ts';

async function setup(t: TestContext): Promise<{ env: BerthEnv; registry: TestRegistry }> {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const env = await createBerthEnv(t);
  await env.addRegistry({ location: registry.host, insecure: true });
  return { env, registry };
}

/** The busybox rootfs as a gzip layer: images made of it run here. */
async function busyboxLayer(env: BerthEnv) {
  return gzipLayer(await readFile(await busyboxRootfsTar(env.dir)));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const hostPlatform: Platform = { os: 'linux', architecture: goArchName() };

/** Podman's exit status for a failed pull, a single `Error:` line, and a store with no image. */
async function assertPullFailed(
  env: BerthEnv,
  run: { status: number; stderr: string },
  message: RegExp,
): Promise<void> {
  assert.equal(run.status, 125, run.stderr);
  const errors = run.stderr.split('\n').filter((line) => line.startsWith('Error: '));
  assert.equal(errors.length, 1, run.stderr);
  assert.match(errors[0] ?? '', message);
  assert.equal(await env.berthOk(['images', '-qa']), '');
}

/** Files left in the store's download staging areas (layer staging, content-store temp). */
async function stagedLeftovers(env: BerthEnv): Promise<string[]> {
  const dirs = [join(env.root, 'tmp')];
  for (const driver of ['overlay', 'vfs']) dirs.push(join(env.root, driver, '.staging'));
  const left: string[] = [];
  for (const dir of dirs) {
    for (const name of await readdir(dir).catch(() => [])) left.push(join(dir, name));
  }
  return left;
}

for (const format of ['oci', 'docker'] as const) {
  test(`a ${format} multi-platform index: the host's image by default, --platform/--arch/--os/--variant pick others`, async (t) => {
    const { env, registry } = await setup(t);
    const platforms: Platform[] = [
      { os: 'linux', architecture: 'amd64' },
      // The OCI index spells arm64's default variant, the Docker list leaves it out.
      format === 'oci'
        ? { os: 'linux', architecture: 'arm64', variant: 'v8' }
        : { os: 'linux', architecture: 'arm64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ];
    if (!platforms.some((p) => p.architecture === hostPlatform.architecture))
      platforms.push(hostPlatform);
    const pushed = new Map<string, PushedManifest>();
    for (const platform of platforms) {
      const layer = await tarOf([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/platform', body: `${platform.architecture}${platform.variant ?? ''}\n` },
      ]);
      const image = await pushImage(registry, 'multi', undefined, {
        format,
        platform,
        layers: [
          format === 'docker' ? gzipLayer(layer, mediaTypes.dockerLayerGzip) : gzipLayer(layer),
        ],
        runConfig: { Labels: { format } },
      });
      pushed.set(platform.architecture, image);
    }
    const entries: Parameters<typeof pushIndex>[4][number][] = platforms.map((platform) => ({
      manifest: (pushed.get(platform.architecture) as PushedManifest).manifest,
      platform,
    }));
    if (format === 'oci') {
      // BuildKit lists an attestation manifest as unknown/unknown, first: it must never be chosen.
      const hostImage = pushed.get(hostPlatform.architecture) as PushedManifest;
      const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1' }));
      const attestation = await pushImage(registry, 'multi', undefined, {
        platform: { os: 'unknown', architecture: 'unknown' },
        layers: [
          { mediaType: 'application/vnd.in-toto+json', blob: statement, diffId: sha256(statement) },
        ],
      });
      entries.unshift({
        manifest: attestation.manifest,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': hostImage.manifest.digest,
        },
      });
    }
    const index = await pushIndex(registry, 'multi', 'latest', format, entries);
    const name = `${registry.host}/multi:latest`;

    const missing = await env.berth(['pull', '--platform', 'linux/s390x', name]);
    const kind = format === 'oci' ? 'image index' : 'manifest list';
    const chooseError = (platform: string) =>
      new RegExp(
        `^Error: choosing an image from manifest list docker://${escapeRegExp(name)}: ` +
          `no image found in ${kind} for ${escapeRegExp(platform)}$`,
      );
    await assertPullFailed(env, missing, chooseError('architecture s390x, variant "", OS linux'));
    const wrongVariant = await env.berth([
      'pull',
      '--os',
      'linux',
      '--arch',
      'arm',
      '--variant',
      'v6',
      name,
    ]);
    await assertPullFailed(
      env,
      wrongVariant,
      chooseError('architecture arm, variant "v6", OS linux'),
    );

    const cases: { args: string[]; arch: string }[] = [
      { args: [], arch: hostPlatform.architecture },
      { args: ['--platform', 'linux/arm64'], arch: 'arm64' },
      { args: ['--platform', 'linux/arm/v7'], arch: 'arm' },
      { args: ['--arch', 'arm64'], arch: 'arm64' },
      { args: ['--os', 'linux', '--arch', 'arm', '--variant', 'v7'], arch: 'arm' },
      { args: ['--arch', 'amd64'], arch: 'amd64' },
    ];
    for (const { args, arch } of cases) {
      const expected = imageId(pushed.get(arch) as PushedManifest);
      const pulled = await env.berth(['pull', '-q', ...args, name]);
      assert.equal(pulled.status, 0, `${args.join(' ')}: ${pulled.stderr}`);
      assert.equal(pulled.stdout, `${expected}\n`, args.join(' '));
      const inspected = await env.berthOk([
        'image', 'inspect', '--format', '{{.Id}} {{.Os}}/{{.Architecture}}', name,
      ]); // prettier-ignore
      assert.equal(inspected, `${expected} linux/${arch}\n`, args.join(' '));
    }
    // By the index's digest: the digest is checked, the platform still chosen.
    const byDigest = `${registry.host}/multi@${index.digest}`;
    const digested = await env.berth(['pull', '-q', '--arch', 'arm64', byDigest]);
    assert.equal(digested.status, 0, digested.stderr);
    assert.equal(digested.stdout, `${imageId(pushed.get('arm64') as PushedManifest)}\n`);
    // Every platform pulled stays stored (the name moved to the last one pulled).
    const ids = (await env.berthOk(['images', '-qa', '--no-trunc'])).trim().split('\n').sort();
    const wanted = [...new Set(['amd64', 'arm64', 'arm', hostPlatform.architecture])]
      .map((arch) => `sha256:${imageId(pushed.get(arch) as PushedManifest)}`)
      .sort();
    assert.deepEqual(ids, wanted);
  });
}

test('zstd and uncompressed tar layers pull, and their files are in the container', async (t) => {
  const { env, registry } = await setup(t);
  const rootfs = await readFile(await busyboxRootfsTar(env.dir));
  const zstdFiles = await tarOf([
    { name: 'srv/', type: 'directory' },
    { name: 'srv/zstd/', type: 'directory' },
    { name: 'srv/zstd/hello.txt', body: 'from a zstd layer\n' },
    { name: 'srv/zstd/busybox', body: await readFile('/bin/busybox'), mode: 0o755 },
  ]);
  const plainFiles = await tarOf([
    { name: 'srv/', type: 'directory' },
    { name: 'srv/plain.txt', body: 'from an uncompressed layer\n' },
  ]);
  const layers = [
    await zstdLayer(rootfs, env.dir),
    await zstdLayer(zstdFiles, env.dir),
    plainLayer(plainFiles),
  ];
  // The zstd blobs really are zstd frames (magic 28 b5 2f fd), not gzip relabelled.
  for (const layer of layers.slice(0, 2)) assert.equal(layer.blob.readUInt32LE(0), 0xfd2fb528);
  const image = await pushImage(registry, 'formats', 'zstd', { platform: hostPlatform, layers });
  const name = `${registry.host}/formats:zstd`;

  const pulled = await env.berth(['pull', name]);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.stdout, `${imageId(image)}\n`);
  for (const layer of image.layers)
    assert.ok(pulled.stderr.includes(`Copying blob ${layer.digest}\n`));
  const rootFs = await env.berthOk([
    'image',
    'inspect',
    '--format',
    '{{json .RootFS.Layers}}',
    name,
  ]);
  assert.deepEqual(
    JSON.parse(rootFs),
    layers.map((layer) => layer.diffId),
  );

  const run = await env.berth([
    'run', '--rm', name, 'sh', '-c', 'cat /srv/zstd/hello.txt /srv/plain.txt && /srv/zstd/busybox echo ran',
  ]); // prettier-ignore
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'from a zstd layer\nfrom an uncompressed layer\nran\n');
});

test('pull --all-tags pulls every tag of the repository and nothing else', async (t) => {
  const { env, registry } = await setup(t);
  const ids = new Map<string, string>();
  for (const tag of ['v1', 'v2', 'latest']) {
    const layer = gzipLayer(await tarOf([{ name: 'tag', body: `${tag}\n` }]));
    const image = await pushImage(registry, 'team/app', tag, {
      platform: hostPlatform,
      layers: [layer],
    });
    ids.set(tag, imageId(image));
  }
  // One tag is a multi-platform index: --all-tags takes the host's image from it.
  const perArch = new Map<string, PushedManifest>();
  for (const platform of [hostPlatform, { os: 'linux', architecture: 's390x' }]) {
    const layer = gzipLayer(await tarOf([{ name: 'arch', body: platform.architecture }]));
    perArch.set(
      platform.architecture,
      await pushImage(registry, 'team/app', undefined, { platform, layers: [layer] }),
    );
  }
  await pushIndex(registry, 'team/app', 'multi', 'oci', [...perArch].map(([architecture, image]) => ({
    manifest: image.manifest,
    platform: { os: 'linux', architecture },
  }))); // prettier-ignore
  ids.set('multi', imageId(perArch.get(hostPlatform.architecture) as PushedManifest));
  const other = gzipLayer(await tarOf([{ name: 'other', body: 'x' }]));
  await pushImage(registry, 'team/other', 'v1', { platform: hostPlatform, layers: [other] });

  const withTag = await env.berth(['pull', '--all-tags', `${registry.host}/team/app:v1`]);
  await assertPullFailed(env, withTag, /tag or digest cannot be used with --all-tags/);

  const pulled = await env.berth(['pull', '--all-tags', `${registry.host}/team/app`]);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.deepEqual(pulled.stdout.trim().split('\n').sort(), [...ids.values()].sort());
  const listed = await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.deepEqual(
    listed.trim().split('\n').sort(),
    [...ids].map(([tag, id]) => `${registry.host}/team/app:${tag} ${id.slice(0, 12)}`).sort(),
  );
});

test('a registries.conf mirror serves the pull when the primary location is down', async (t) => {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const env = await createBerthEnv(t);
  const down = `127.0.0.1:${await freePort()}`;
  await env.addRegistry({
    location: down,
    insecure: true,
    mirrors: [{ location: registry.host, insecure: true }],
  });
  const image = await pushImage(registry, 'lib/mirrored', 'v1', {
    platform: hostPlatform,
    layers: [await busyboxLayer(env)],
  });

  const pulled = await env.berth(['pull', `${down}/lib/mirrored:v1`]);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.stdout, `${imageId(image)}\n`);
  const listed = await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.equal(listed, `${down}/lib/mirrored:v1 ${imageId(image).slice(0, 12)}\n`);
  const run = await env.berth(['run', '--rm', `${down}/lib/mirrored:v1`, 'echo', 'via mirror']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'via mirror\n');

  // Not on the mirror either: both sources fail, and the primary's refusal is reported.
  const absent = await env.berth(['pull', `${down}/lib/absent:v1`]);
  assert.equal(absent.status, 125, absent.stderr);
  assert.match(absent.stderr, /manifest unknown/);
  assert.match(absent.stderr, new RegExp(`dial tcp ${down}: connect: connection refused`));
  assert.equal(await env.berthOk(['images', '-q']), `${imageId(image).slice(0, 12)}\n`);
});

test('a prefix is rewritten into a mirror namespace; a digest-only mirror serves only pulls by digest', async (t) => {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const env = await createBerthEnv(t);
  const down = `127.0.0.1:${await freePort()}`;
  await env.addRegistry({
    prefix: 'example.test/team',
    location: `${down}/team`,
    insecure: true,
    mirrors: [
      { location: `${registry.host}/mirror-ns`, insecure: true, pullFromMirror: 'digest-only' },
    ],
  });
  const image = await pushImage(registry, 'mirror-ns/app', 'v1', {
    platform: hostPlatform,
    layers: [gzipLayer(await tarOf([{ name: 'app', body: 'app\n' }]))],
  });

  const byTag = await env.berth(['pull', 'example.test/team/app:v1']);
  await assertPullFailed(env, byTag, new RegExp(`dial tcp ${down}: connect: connection refused`));

  const name = `example.test/team/app@${image.manifest.digest}`;
  const byDigest = await env.berth(['pull', name]);
  assert.equal(byDigest.status, 0, byDigest.stderr);
  assert.equal(byDigest.stdout, `${imageId(image)}\n`);
  const inspected = await env.berthOk([
    'image',
    'inspect',
    '--format',
    '{{.Id}} {{.Digest}}',
    name,
  ]);
  assert.equal(inspected, `${imageId(image)} ${image.manifest.digest}\n`);
});

type Fault = 'cut-once' | 'cut-always' | 'corrupt';

interface FaultProxy {
  host: string;
  /** Every GET of a faulty path: its Range header ('' without one). */
  gets(path: string): string[];
}

/**
 * A node:http proxy in front of the registry. A GET whose path ends with a key of `faults`
 * (`/blobs/DIGEST`, `/manifests/TAG`) is answered with the registry's headers and then:
 * 'cut-once' half the body and a destroyed socket the first time (later GETs pass),
 * 'cut-always' that every time, 'corrupt' the whole body with its middle byte changed.
 */
async function startFaultProxy(
  t: TestContext,
  registry: TestRegistry,
  faults: ReadonlyMap<string, Fault>,
): Promise<FaultProxy> {
  const seen = new Map<string, string[]>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const key = req.method === 'GET' ? [...faults.keys()].find((k) => path.endsWith(k)) : undefined;
    const fault = key === undefined ? undefined : faults.get(key);
    const gets = key === undefined ? [] : (seen.get(key) ?? []);
    if (key !== undefined) seen.set(key, [...gets, String(req.headers.range ?? '')]);
    const attempt = gets.length + 1;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: registry.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (fault === undefined || (answer.statusCode !== 200 && answer.statusCode !== 206)) {
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (fault === 'corrupt') {
            const middle = body.length >> 1;
            body[middle] = (body[middle] ?? 0) ^ 0xff;
            res.end(body);
          } else if (fault === 'cut-always' || attempt === 1) {
            res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
          } else {
            res.end(body);
          }
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    gets: (path) => seen.get(path) ?? [],
  };
}

const blobPath = (digest: string) => `/blobs/${digest}`;

/** A runnable image (busybox + one small file) on the registry, and the proxy in front of it. */
async function faultSetup(
  t: TestContext,
  faultsFor: (image: PushedManifest) => [string, Fault][],
): Promise<{ env: BerthEnv; image: PushedManifest; proxy: FaultProxy; name: string }> {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const env = await createBerthEnv(t);
  const note = plainLayer(
    await tarOf([{ name: 'note.txt', body: `${'the quick brown fox '.repeat(200)}\n` }]),
  );
  const image = await pushImage(registry, 'faulty', 'v1', {
    platform: hostPlatform,
    layers: [await busyboxLayer(env), note],
  });
  const proxy = await startFaultProxy(t, registry, new Map(faultsFor(image)));
  await env.addRegistry({ location: proxy.host, insecure: true });
  return { env, image, proxy, name: `${proxy.host}/faulty:v1` };
}

/** The byte a resumed GET asked to start from (`Range: bytes=N-`). */
const rangeStart = (range: string | undefined) => Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1]);

test('blobs cut in the middle are resumed with Range and the pull succeeds', async (t) => {
  const { env, image, proxy, name } = await faultSetup(t, (pushed) => [
    [blobPath(pushed.layers[0]?.digest ?? ''), 'cut-once'],
    [blobPath(pushed.config.digest), 'cut-once'],
  ]);
  const pulled = await env.berth(['pull', name]);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.stdout, `${imageId(image)}\n`);
  for (const blob of [image.layers[0], image.config]) {
    const gets = proxy.gets(blobPath(blob?.digest ?? ''));
    assert.equal(gets.length, 2, `GETs of ${blob?.digest}: ${JSON.stringify(gets)}`);
    assert.equal(gets[0], '');
    const resumedAt = rangeStart(gets[1]);
    const size = blob?.size ?? 0;
    assert.ok(resumedAt > 0 && resumedAt <= size >> 1, `resumed with ${gets[1]} of ${size} bytes`);
  }
  const run = await env.berth(['run', '--rm', name, 'sh', '-c', 'wc -c < /note.txt']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), String(20 * 200 + 1));
  assert.deepEqual(await stagedLeftovers(env), []);
});

test('a manifest cut in the middle is fetched again and the pull succeeds', async (t) => {
  const { env, image, proxy, name } = await faultSetup(t, () => [['/manifests/v1', 'cut-once']]);
  const pulled = await env.berth(['pull', name]);
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.stdout, `${imageId(image)}\n`);
  assert.equal(proxy.gets('/manifests/v1').length, 2);
});

test('a blob cut on every attempt fails the pull with one error line and stores nothing', async (t) => {
  let target = '';
  const { env, proxy, name } = await faultSetup(t, (pushed) => {
    target = pushed.layers[0]?.digest ?? '';
    return [[blobPath(target), 'cut-always']];
  });
  const started = Date.now();
  const pulled = await env.berth(['pull', name]);
  await assertPullFailed(
    env,
    pulled,
    new RegExp(`^Error: reading blob ${target}: .*\\(gave up after \\d+ attempts\\)$`),
  );
  assert.ok(proxy.gets(blobPath(target)).length > 1, 'the pull retried the blob');
  assert.ok(Date.now() - started < 30_000, 'the pull gave up in bounded time');
  assert.deepEqual(await stagedLeftovers(env), []);
});

const corruptCases: {
  what: string;
  /** The faulty path, and whether the pull names the image by its manifest digest. */
  pick: (image: PushedManifest) => { path: string; digest: string; byDigest: boolean };
  message: (digest: string) => RegExp;
}[] = [
  {
    what: 'an uncompressed layer',
    pick: (image) => ({
      path: blobPath(image.layers[1]?.digest ?? ''),
      digest: image.layers[1]?.digest ?? '',
      byDigest: false,
    }),
    message: (digest) =>
      new RegExp(`^Error: Digest did not match, expected ${digest}, got sha256:[0-9a-f]{64}$`),
  },
  {
    what: 'a gzip layer',
    pick: (image) => ({
      path: blobPath(image.layers[0]?.digest ?? ''),
      digest: image.layers[0]?.digest ?? '',
      byDigest: false,
    }),
    message: (digest) =>
      new RegExp(`^Error: Digest did not match, expected ${digest}, got sha256:[0-9a-f]{64}$`),
  },
  {
    what: 'the config',
    pick: (image) => ({
      path: blobPath(image.config.digest),
      digest: image.config.digest,
      byDigest: false,
    }),
    message: (digest) =>
      new RegExp(`^Error: Digest did not match, expected ${digest}, got sha256:[0-9a-f]{64}$`),
  },
  {
    what: 'a manifest pulled by digest',
    pick: (image) => ({
      path: `/manifests/${image.manifest.digest}`,
      digest: image.manifest.digest,
      byDigest: true,
    }),
    message: (digest) =>
      new RegExp(`^Error: initializing source docker://.*@${digest}: .*Digest did not match`),
  },
];

for (const { what, pick, message } of corruptCases) {
  test(`${what} whose bytes do not match its digest fails the pull and leaves no staged files`, async (t) => {
    let picked = { path: '', digest: '', byDigest: false };
    const { env, proxy, name } = await faultSetup(t, (pushed) => {
      picked = pick(pushed);
      return [[picked.path, 'corrupt']];
    });
    const reference = picked.byDigest ? `${name.slice(0, -':v1'.length)}@${picked.digest}` : name;
    const pulled = await env.berth(['pull', reference]);
    assert.ok(proxy.gets(picked.path).length >= 1, `${picked.path} was fetched`);
    await assertPullFailed(env, pulled, message(picked.digest));
    assert.deepEqual(await stagedLeftovers(env), []);
    const layerDirs = (await readdir(join(env.root, 'overlay')).catch(() => [] as string[])).filter(
      (entry) => /^[0-9a-f]{64}$/.test(entry),
    );
    assert.deepEqual(layerDirs, [], 'no layer was committed');
  });
}

test('policy.json: a reject default refuses the pull in podman words; insecureAcceptAnything allows it', async (t) => {
  const { env, registry } = await setup(t);
  const image = await pushImage(registry, 'signed/app', 'v1', {
    platform: hostPlatform,
    layers: [gzipLayer(await tarOf([{ name: 'file', body: 'x' }]))],
  });
  // berth reads ~/.config/containers/policy.json before /etc/containers/policy.json, as podman.
  const home = join(env.dir, 'home');
  await mkdir(join(home, '.config', 'containers'), { recursive: true });
  const policyFile = join(home, '.config', 'containers', 'policy.json');
  const withPolicy = async (policy: unknown, reference: string) => {
    await writeFile(policyFile, JSON.stringify(policy));
    return env.berth(['pull', '-q', reference], { env: { HOME: home } });
  };
  const name = `${registry.host}/signed/app:v1`;

  const rejected = await withPolicy({ default: [{ type: 'reject' }] }, name);
  await assertPullFailed(
    env,
    rejected,
    new RegExp(
      `^Error: Source image rejected: Running image docker://${escapeRegExp(name)} is rejected by policy\\.$`,
    ),
  );
  // Signatures berth cannot check refuse the pull instead of passing silently.
  const signed = await withPolicy(
    { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '/nonexistent/key.gpg' }] },
    name,
  );
  await assertPullFailed(
    env,
    signed,
    /^Error: Source image rejected: signature requirement "signedBy"/,
  );
  const invalid = await withPolicy({ default: [{ type: 'bogus' }] }, name);
  await assertPullFailed(
    env,
    invalid,
    new RegExp(
      `^Error: invalid policy in "${escapeRegExp(policyFile)}": Unknown policy requirement type "bogus"$`,
    ),
  );

  // A scope for the repository overrides the default.
  const scoped = {
    default: [{ type: 'reject' }],
    transports: { docker: { [`${registry.host}/signed`]: [{ type: 'insecureAcceptAnything' }] } },
  };
  const allowed = await withPolicy(scoped, name);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.equal(allowed.stdout, `${imageId(image)}\n`);
  await env.berthOk(['rmi', name]);
  const otherRepo = await withPolicy(scoped, `${registry.host}/unsigned/app:v1`);
  await assertPullFailed(
    env,
    otherRepo,
    /^Error: Source image rejected: Running image .* is rejected by policy\.$/,
  );

  const accepted = await withPolicy({ default: [{ type: 'insecureAcceptAnything' }] }, name);
  assert.equal(accepted.status, 0, accepted.stderr);
  assert.equal(accepted.stdout, `${imageId(image)}\n`);

  // --signature-policy wins over the user's file (which accepts everything now).
  await env.berthOk(['rmi', name]);
  const strict = join(env.dir, 'strict-policy.json');
  await writeFile(strict, JSON.stringify({ default: [{ type: 'reject' }] }));
  const flagged = await env.berth(['pull', '-q', '--signature-policy', strict, name], {
    env: { HOME: home },
  });
  await assertPullFailed(
    env,
    flagged,
    /^Error: Source image rejected: Running image .* is rejected by policy\.$/,
  );
});

test('a disk that fills up during the pull: one clear error, nothing listed, no temp files left', async (t) => {
  const { env, registry } = await setup(t);
  // The store on a 6 MiB tmpfs; the image has 8 MiB of incompressible data.
  await runOk(['mount', '-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', env.root]);
  const big = await pushImage(registry, 'big/app', 'v1', {
    platform: hostPlatform,
    layers: [
      await busyboxLayer(env),
      gzipLayer(await tarOf([{ name: 'data.bin', body: randomBytes(8 << 20) }])),
    ],
  });
  assert.ok(big.layers.length === 2);
  await env.berthOk(['images']); // the database and store directories exist before the pull
  const usedBefore = await usedBytes(env.root);
  const full = await env.berth(['pull', '-q', `${registry.host}/big/app:v1`]);
  await assertPullFailed(env, full, /no space left on device/i);
  assert.deepEqual(await stagedLeftovers(env), []);
  // What the pull wrote is gone again (the database may have grown a little).
  assert.ok(
    (await usedBytes(env.root)) - usedBefore < 512 * 1024,
    'temp files and partial layers removed',
  );
  // A small image still pulls into what is left.
  const small = await pushImage(registry, 'small/app', 'v1', {
    platform: hostPlatform,
    layers: [gzipLayer(await tarOf([{ name: 'f', body: 'x' }]))],
  });
  assert.equal(
    await env.berthOk(['pull', '-q', `${registry.host}/small/app:v1`]),
    `${imageId(small)}\n`,
  );
});

async function usedBytes(path: string): Promise<number> {
  const stats = await statfs(path);
  return (stats.blocks - stats.bfree) * stats.bsize;
}
