// Tests the layer pipeline with a fake BlobSource and a real (vfs) layer store: chain IDs,
// commit in chain order, present layers skipped, and a diffID mismatch leaving nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { Digest } from '../lib/digest.ts';
import type { BlobSource } from '../image/registry/blob-source.ts';
import type { BlobStream } from '../image/registry/registry-client.ts';
import { chainIds } from '../storage/layer-chain-id.ts';
import type { ImagePullEvent } from '../domain/image-reports.ts';
import { fetchLayers, planLayers } from './image-pull-layers.ts';
import { oneFileTar, openTempEngineContext } from './temp-engine-context.ts';

const sha = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;

/** A BlobSource over in-memory blobs that records what was fetched. */
function fakeSource(blobs: Map<string, Buffer>, fetched: string[]): BlobSource {
  return {
    async openBlob(digest: Digest): Promise<BlobStream> {
      fetched.push(digest);
      const bytes = blobs.get(digest);
      if (!bytes) throw new Error(`no blob ${digest}`);
      return { stream: Readable.from([bytes]), sizeBytes: bytes.length };
    },
  };
}

test('layers are extracted, committed in chain order, and skipped when present', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-pull-');
  const tars = [await oneFileTar('one', '1'), await oneFileTar('two', '2')];
  const blobs = new Map(tars.map((layer) => [sha(gzipSync(layer)), gzipSync(layer)] as const));
  const descriptors = [...blobs].map(([digest, bytes]) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: digest as Digest,
    size: bytes.length,
  }));
  const diffIds = tars.map((layer) => sha(layer));
  const fetched: string[] = [];
  const events: ImagePullEvent[] = [];
  const plans = planLayers(ctx, descriptors, diffIds);
  await fetchLayers({
    ctx,
    source: fakeSource(blobs, fetched),
    plans,
    reporter: (event) => events.push(event),
  });
  const [first, second] = chainIds(diffIds);
  assert.equal(ctx.state.layers.get(second ?? '')?.parent, first);
  assert.equal(await readFile(join(ctx.layers.diffPath(second ?? ''), 'two'), 'utf8'), '2');
  assert.equal(plans[1]?.uncompressedSizeBytes, tars[1]?.length);
  assert.deepEqual(events.filter((event) => event.kind === 'blob-done').length, 2);

  fetched.length = 0;
  events.length = 0;
  const again = planLayers(ctx, descriptors, diffIds);
  assert.deepEqual(
    again.map((plan) => plan.present),
    [true, true],
  );
  await fetchLayers({
    ctx,
    source: fakeSource(blobs, fetched),
    plans: again,
    reporter: (event) => events.push(event),
  });
  assert.deepEqual(fetched, []);
  assert.deepEqual(
    events.map((event) => event.kind),
    ['blob-skipped', 'blob-skipped'],
  );
});

test('a diffID mismatch fails the pull and discards every staged layer', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-pull-');
  const layer = await oneFileTar('x', 'x');
  const blob = gzipSync(layer);
  const plans = planLayers(
    ctx,
    [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha(blob),
        size: blob.length,
      },
    ],
    [sha('something else')],
  );
  await assert.rejects(
    fetchLayers({
      ctx,
      source: fakeSource(new Map([[sha(blob), blob]]), []),
      plans,
      reporter: () => undefined,
    }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'DIGEST_MISMATCH');
      assert.match(error.message, /does not match the config's diff ID/);
      return true;
    },
  );
  assert.equal(ctx.state.layers.get(plans[0]?.id ?? ''), undefined);
  assert.deepEqual(await readdir(join(ctx.paths.root, 'vfs', '.staging')), []);
});

test('a blob that errors at its end (digest mismatch) leaves no staging dir once the pull failed', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-pull-');
  const layer = await oneFileTar('x', 'x');
  const source: BlobSource = {
    async openBlob(): Promise<BlobStream> {
      // Every byte arrives, then the source reports the mismatch, as the registry client does.
      let sent = false;
      const stream = new Readable({
        read() {
          if (sent) return;
          sent = true;
          this.push(layer);
          const mismatch = Object.assign(new Error('Digest did not match'), {
            code: 'DIGEST_MISMATCH',
          });
          setTimeout(() => this.destroy(mismatch), 50);
        },
      });
      return { stream, sizeBytes: layer.length };
    },
  };
  const plans = planLayers(
    ctx,
    [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: sha('blob'),
        size: layer.length,
      },
    ],
    [sha(layer)],
  );
  await assert.rejects(
    fetchLayers({ ctx, source, plans, reporter: () => undefined }),
    /Digest did not match/,
  );
  assert.deepEqual(await readdir(join(ctx.paths.root, 'vfs', '.staging')), []);
  assert.equal(ctx.state.layers.get(plans[0]?.id ?? ''), undefined);
});
