// ImageWriter against a real store in a tmp dir: documents in the content store, the row with
// podman's size, names moved from older images, and a missing layer refusing the image.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Digest } from '../lib/digest.ts';
import { buildImageConfig, buildImageManifest } from '../image/image-documents.ts';
import { LayerIngest, type IngestedLayer } from './image-layer-ingest.ts';
import type { EngineContext } from './engine-context.ts';
import { ImageWriter } from './image-writer.ts';
import { oneFileTar, openTempEngineContext } from './temp-engine-context.ts';

const sha = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;

/** The documents of an image made of `layers`; `label` makes the config unique. */
function documents(layers: IngestedLayer[], label: string) {
  const config = buildImageConfig({
    created: '2024-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { label } },
    diffIds: layers.map((layer) => layer.diffId),
    history: [],
  });
  const configBytes = Buffer.from(JSON.stringify(config));
  const manifest = buildImageManifest({
    configDigest: sha(configBytes),
    configSize: configBytes.length,
    layers: layers.map((layer) => ({ digest: layer.diffId, size: layer.sizeBytes })),
  });
  return {
    configBytes,
    manifestBytes: Buffer.from(JSON.stringify(manifest)),
    manifestMediaType: manifest.mediaType,
  };
}

async function twoLayers(ctx: EngineContext): Promise<IngestedLayer[]> {
  const ingest = new LayerIngest(ctx.layers);
  const base = await ingest.ingest(Readable.from([await oneFileTar('one', '1')]), null);
  const top = await ingest.ingest(Readable.from([await oneFileTar('two', '22')]), base.id);
  return [base, top];
}

test('an image row is written with its documents, top layer, names and podman size', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-writer-');
  const layers = await twoLayers(ctx);
  const docs = documents(layers, 'a');
  const written = await new ImageWriter(ctx).write({ ...docs, names: ['localhost/a:latest'] });
  assert.deepEqual(written, { id: sha(docs.configBytes).slice(7), created: true });
  const row = ctx.state.images.get(written.id);
  assert.ok(row);
  assert.equal(row.topLayer, layers[1]?.id);
  assert.equal(row.configDigest, sha(docs.configBytes));
  assert.equal(row.manifestDigest, sha(docs.manifestBytes));
  assert.equal(row.created, '2024-01-01T00:00:00Z');
  assert.deepEqual(row.names, ['localhost/a:latest']);
  // containers/storage: the layers' uncompressed sizes plus the config and the manifest.
  const layerBytes = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  assert.equal(row.sizeBytes, layerBytes + docs.configBytes.length + docs.manifestBytes.length);
  assert.deepEqual(await ctx.content.read(sha(docs.configBytes)), docs.configBytes);
  assert.deepEqual(await ctx.content.read(sha(docs.manifestBytes)), docs.manifestBytes);
});

test('a name moves from an older image; writing an existing image only adds names', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-writer-');
  const layers = await twoLayers(ctx);
  const writer = new ImageWriter(ctx);
  const old = await writer.write({ ...documents(layers, 'old'), names: ['localhost/x:1'] });
  const docs = documents(layers, 'new');
  const next = await writer.write({ ...docs, names: ['localhost/x:1', 'localhost/x:2'] });
  assert.deepEqual(ctx.state.images.get(old.id)?.names, []);
  assert.deepEqual(ctx.state.images.get(next.id)?.names, ['localhost/x:1', 'localhost/x:2']);
  const again = await writer.write({ ...docs, names: ['localhost/x:3'] });
  assert.deepEqual(again, { id: next.id, created: false });
  assert.deepEqual(ctx.state.images.get(next.id)?.names, [
    'localhost/x:1',
    'localhost/x:2',
    'localhost/x:3',
  ]);
  assert.equal(ctx.state.images.list().length, 2);
});

test('an image whose top layer is not stored is refused and no row appears', async (t) => {
  const ctx = await openTempEngineContext(t, 'berth-writer-');
  const layer = await oneFileTar('one', '1');
  const docs = documents(
    [{ id: sha(layer).slice(7), diffId: sha(layer), sizeBytes: layer.length }],
    'x',
  );
  await assert.rejects(new ImageWriter(ctx).write({ ...docs, names: ['localhost/x:1'] }), {
    code: 'NO_SUCH_LAYER',
  });
  assert.deepEqual(ctx.state.images.list(), []);
});
