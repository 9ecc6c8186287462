// Tests the registry document guards and the platform choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../lib/berth-error.ts';
import {
  choosePlatform,
  layerCompression,
  manifestMediaTypes,
  parseImageConfig,
  parseManifestDocument,
  parsePlatform,
} from './manifest-documents.ts';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

test('an OCI manifest without mediaType in the body takes it from Content-Type', () => {
  const doc = parseManifestDocument(
    json({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d(1), size: 10 },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d(2), size: 20 },
      ],
    }),
    'application/vnd.oci.image.manifest.v1+json',
  );
  assert.equal(doc.kind, 'manifest');
  assert.equal(doc.mediaType, manifestMediaTypes.ociManifest);
  if (doc.kind === 'manifest')
    assert.deepEqual(
      doc.layers.map((layer) => layer.digest),
      [d(2)],
    );
});

test('schema 1 and malformed documents are refused', () => {
  assert.throws(
    () =>
      parseManifestDocument(
        json({ schemaVersion: 1, fsLayers: [] }),
        'application/vnd.docker.distribution.manifest.v1+prettyjws',
      ),
    (error: unknown) =>
      isBerthError(error) &&
      error.code === 'NOT_SUPPORTED' &&
      /unsupported manifest type/.test(error.message),
  );
  assert.throws(
    () => parseManifestDocument(Buffer.from('{'), 'application/json'),
    /invalid manifest/,
  );
  assert.throws(
    () =>
      parseManifestDocument(
        json({
          schemaVersion: 2,
          config: { mediaType: 'x', digest: 'md5:00', size: 1 },
          layers: [],
        }),
        manifestMediaTypes.dockerManifest,
      ),
    /unsupported digest/,
  );
});

test('platform choice: os/arch, variant, attestation entries skipped, clear error', () => {
  const index = parseManifestDocument(
    json({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: manifestMediaTypes.ociManifest,
          digest: d(3),
          size: 1,
          platform: { os: 'unknown', architecture: 'unknown' },
        },
        {
          mediaType: manifestMediaTypes.ociManifest,
          digest: d(4),
          size: 1,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: manifestMediaTypes.ociManifest,
          digest: d(5),
          size: 1,
          platform: { os: 'linux', architecture: 'arm', variant: 'v6' },
        },
        {
          mediaType: manifestMediaTypes.ociManifest,
          digest: d(6),
          size: 1,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
        {
          mediaType: manifestMediaTypes.ociManifest,
          digest: d(7),
          size: 1,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
      ],
    }),
    manifestMediaTypes.ociIndex,
  );
  assert.equal(index.kind, 'index');
  if (index.kind !== 'index') return;
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'amd64' }).digest, d(4));
  assert.equal(
    choosePlatform(index, { os: 'linux', architecture: 'arm', variant: 'v7' }).digest,
    d(6),
  );
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'arm' }).digest, d(5));
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'arm64' }).digest, d(7));
  assert.throws(
    () => choosePlatform(index, { os: 'linux', architecture: 's390x' }),
    /^BerthError: choosing an image from manifest list: no image found in image index for architecture s390x, variant "", OS linux$/,
  );
  assert.throws(
    () =>
      choosePlatform(index, { os: 'linux', architecture: 'arm', variant: 'v5' }, 'docker://r/x:1'),
    /^BerthError: choosing an image from manifest list docker:\/\/r\/x:1: no image found in image index for architecture arm, variant "v5", OS linux$/,
  );
});

test('--platform syntax and layer compression by media type', () => {
  assert.deepEqual(parsePlatform('linux/arm/v7'), {
    os: 'linux',
    architecture: 'arm',
    variant: 'v7',
  });
  assert.throws(() => parsePlatform('linux'), /invalid platform/);
  assert.equal(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip'), 'gzip');
  assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd'), 'zstd');
  assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar'), 'none');
  assert.throws(() => layerCompression('application/x-foo'), /unsupported layer media type/);
});

test('image config needs sha256 diff_ids', () => {
  assert.deepEqual(
    parseImageConfig(
      json({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [d(1)] } }),
    ).diffIds,
    [d(1)],
  );
  assert.throws(() => parseImageConfig(json({ rootfs: { diff_ids: ['x'] } })), /diff_ids/);
});
