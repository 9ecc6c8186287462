// localPullStep over a tmp store: the one local lookup decides policy answers and which name a
// short name pulls (containers/podman#12305).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Digest } from '../lib/digest.ts';
import type { ImagePullOptions } from '../domain/image-reports.ts';
import { EngineContext } from './engine-context.ts';
import { localPullStep } from './image-pull-resolve.ts';

const id = 'ab'.repeat(32);

async function storeWithImage(t: {
  after: (fn: () => Promise<void>) => void;
}): Promise<EngineContext> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-pull-step-'));
  const registriesConf = join(dir, 'registries.conf');
  await writeFile(
    registriesConf,
    'unqualified-search-registries = []\n[aliases]\n"ubi8/ubi" = "far.example/ubi8/ubi"\n',
  );
  const ctx = await EngineContext.open({
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    storageDriver: 'vfs',
    env: { HOME: dir, CONTAINERS_REGISTRIES_CONF: registriesConf },
    selfCommand: [],
  });
  t.after(async () => {
    await ctx[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });
  ctx.state.write(() =>
    ctx.state.images.insert({
      id,
      topLayer: null,
      configDigest: `sha256:${id}` as Digest,
      manifestDigest: null,
      manifestMediaType: null,
      created: '2024-01-01T00:00:00Z',
      sizeBytes: 0,
      config: {},
      manifest: null,
      names: ['reg.example:5000/ubi8/ubi:latest'],
    }),
  );
  return ctx;
}

const pull = (reference: string, policy: ImagePullOptions['policy']): ImagePullOptions => ({
  reference,
  policy,
  allTags: false,
});

test('a short name that resolves to a local image pulls its fully-qualified name', async (t) => {
  const ctx = await storeWithImage(t);
  assert.deepEqual(localPullStep(ctx, pull('ubi8/ubi', 'always')), {
    kind: 'pull',
    reference: 'reg.example:5000/ubi8/ubi:latest',
  });
  assert.deepEqual(localPullStep(ctx, pull('other/thing', 'always')), {
    kind: 'pull',
    reference: 'other/thing',
  });
  assert.deepEqual(
    localPullStep(ctx, {
      ...pull('ubi8/ubi', 'always'),
      platform: { os: 'linux', architecture: 'arm64' },
    }),
    {
      kind: 'pull',
      reference: 'ubi8/ubi',
    },
  );
});

test('missing and never answer with the local image; never fails without one', async (t) => {
  const ctx = await storeWithImage(t);
  const local = { kind: 'local', image: { id, name: 'reg.example:5000/ubi8/ubi:latest' } };
  assert.deepEqual(localPullStep(ctx, pull('ubi8/ubi', 'missing')), local);
  assert.deepEqual(localPullStep(ctx, pull('ubi8/ubi', 'never')), local);
  assert.throws(() => localPullStep(ctx, pull('other/thing', 'never')), {
    code: 'NO_SUCH_IMAGE',
    message: 'other/thing: image not known',
  });
});

test('an image named by ID is never pulled: always refuses, missing answers', async (t) => {
  const ctx = await storeWithImage(t);
  assert.throws(() => localPullStep(ctx, pull(id.slice(0, 12), 'always')), {
    message: `pull policy is always but image has been referred to by ID (${id.slice(0, 12)})`,
  });
  assert.deepEqual(localPullStep(ctx, pull(id.slice(0, 12), 'missing')), {
    kind: 'local',
    image: { id, name: id.slice(0, 12) },
  });
});
