// LayerIngest against a real vfs store in a tmp dir (plain files extract unprivileged), and a
// recording fake LayerStore for what must happen around commit and discard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Digest } from '../lib/digest.ts';
import type { LayerRecord } from '../storage/layer-records.ts';
import type { LayerMetadata, StagedLayer } from '../storage/layer-store.ts';
import { chainId } from '../storage/layer-chain-id.ts';
import { LayerIngest } from './image-layer-ingest.ts';
import { oneFileTar, openTempEngineContext } from './temp-engine-context.ts';

const sha = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;

interface Recorded {
  calls: string[];
  commits: { id: string; parent: string | null; metadata: LayerMetadata | undefined }[];
}

/** A LayerStore whose staged layers extract into a tmp dir and only record commit/discard. */
async function recordingStore(t: {
  after: (fn: () => Promise<void>) => void;
}): Promise<{ store: { beginLayer(): Promise<StagedLayer> }; recorded: Recorded }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ingest-fake-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const recorded: Recorded = { calls: [], commits: [] };
  const store = {
    async beginLayer(): Promise<StagedLayer> {
      recorded.calls.push('begin');
      const staged: StagedLayer = {
        diffPath: dir,
        async commit(id, parent, metadata) {
          recorded.calls.push('commit');
          recorded.commits.push({ id, parent, metadata });
          return { id, parent } as LayerRecord;
        },
        async discard() {
          recorded.calls.push('discard');
        },
        [Symbol.asyncDispose]: () => staged.discard(),
      };
      return staged;
    },
  };
  return { store, recorded };
}

test('a layer is extracted, hashed, and committed under its chain ID on top of its parent', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-ingest-');
  const ingest = new LayerIngest(ctx.layers);
  const [one, two] = [await oneFileTar('one', '1'), await oneFileTar('two', '2')];
  const base = await ingest.ingest(Readable.from([one]), null);
  assert.deepEqual(base, { id: sha(one).slice(7), diffId: sha(one), sizeBytes: one.length });
  const top = await ingest.ingest(Readable.from([two]), base.id, { expectedDiffId: sha(two) });
  assert.equal(top.id, chainId(base.id, sha(two)));
  const row = ctx.state.layers.get(top.id);
  assert.equal(row?.parent, base.id);
  assert.equal(row?.diffDigest, sha(two));
  assert.equal(row?.uncompressedSizeBytes, two.length);
  assert.equal(await readFile(join(ctx.layers.diffPath(top.id), 'two'), 'utf8'), '2');
  assert.deepEqual(await readdir(join(ctx.paths.root, 'vfs', '.staging')), []);
  // The same layer again: same ID, no second row, nothing left in staging.
  assert.deepEqual(await ingest.ingest(Readable.from([one]), null), base);
  assert.equal(ctx.state.layers.list().length, 2);
  assert.deepEqual(await readdir(join(ctx.paths.root, 'vfs', '.staging')), []);
});

test('staged layers commit with the diffID, the compressed digest and the size', async (t) => {
  const { store, recorded } = await recordingStore(t);
  const layer = await oneFileTar('x', 'x');
  const staged = await new LayerIngest(store).stage(Readable.from([layer]));
  assert.deepEqual(recorded.calls, ['begin']);
  await staged.commit('a'.repeat(64), sha('blob'));
  assert.deepEqual(recorded.commits, [
    {
      id: chainId('a'.repeat(64), sha(layer)),
      parent: 'a'.repeat(64),
      metadata: {
        diffDigest: sha(layer),
        compressedDigest: sha('blob'),
        uncompressedSizeBytes: layer.length,
      },
    },
  ]);
});

test('a diffID other than the expected one fails and discards the staged layer', async (t) => {
  const { store, recorded } = await recordingStore(t);
  await assert.rejects(
    new LayerIngest(store).stage(Readable.from([await oneFileTar('x', 'x')]), {
      expectedDiffId: sha('other'),
      label: 'layer 0123456789ab',
    }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'DIGEST_MISMATCH');
      assert.match(
        error.message,
        /^writing blob: layer 0123456789ab: uncompressed digest sha256:\w+ does not match the config's diff ID/,
      );
      return true;
    },
  );
  assert.deepEqual(recorded.calls, ['begin', 'discard']);
});

test('a source that fails mid-stream fails the ingest and discards the staged layer', async (t) => {
  const { store, recorded } = await recordingStore(t);
  const layer = await oneFileTar('x', 'x'.repeat(4096));
  const source = new Readable({
    read() {
      this.push(layer.subarray(0, 1024));
      this.destroy(new Error('connection lost'));
    },
  });
  await assert.rejects(new LayerIngest(store).ingest(source, null), /connection lost/);
  assert.deepEqual(recorded.calls, ['begin', 'discard']);
  assert.deepEqual(recorded.commits, []);
});
