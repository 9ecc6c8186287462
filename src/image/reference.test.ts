import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  familiarString,
  formatReference,
  isShortName,
  normalizeDockerReference,
  normalizeLocalImageName,
  parseNormalizedReference,
  parseReference,
} from './reference.ts';

const digest = `sha256:${'a'.repeat(64)}`;

test('parseReference splits domain, path, tag and digest by podman rules', () => {
  assert.deepEqual(parseReference('busybox'), { path: 'busybox' });
  assert.deepEqual(parseReference('user/app:1.0'), { path: 'user/app', tag: '1.0' });
  assert.deepEqual(parseReference('localhost/busybox'), { domain: 'localhost', path: 'busybox' });
  assert.deepEqual(parseReference('127.0.0.1:5000/a/b:v2'), {
    domain: '127.0.0.1:5000',
    path: 'a/b',
    tag: 'v2',
  });
  assert.deepEqual(parseReference('Quay.IO/a'), { domain: 'Quay.IO', path: 'a' });
  assert.deepEqual(parseReference(`quay.io/a:t@${digest}`), {
    domain: 'quay.io',
    path: 'a',
    tag: 't',
    digest,
  });
  assert.deepEqual(parseReference('a__b/c-d.e_f'), { path: 'a__b/c-d.e_f' });
});

test('parseReference rejects malformed input with podman words', () => {
  assert.throws(() => parseReference('Busybox'), {
    code: 'INVALID_ARGUMENT',
    message: 'repository name must be lowercase',
  });
  assert.throws(() => parseReference('busybox:a:b'), { message: 'invalid reference format' });
  assert.throws(() => parseReference('a//b'), { message: 'invalid reference format' });
  assert.throws(() => parseReference('a:-bad'), { message: 'invalid reference format' });
  assert.throws(() => parseReference(`a:${'t'.repeat(129)}`), {
    message: 'invalid reference format',
  });
  assert.throws(() => parseReference(''), {
    message: 'repository name must have at least one component',
  });
  assert.throws(() => parseReference(`a/${'b'.repeat(254)}`), {
    message: 'repository name must not be more than 255 characters',
  });
  assert.throws(() => parseReference(`a@sha256:${'a'.repeat(63)}`), {
    message: 'invalid checksum digest length',
  });
  assert.throws(() => parseReference(`a@md5:${'a'.repeat(32)}`), {
    message: 'unsupported digest algorithm',
  });
  assert.throws(() => parseReference('-a'), { message: 'invalid reference format' });
});

test('docker normalisation: docker.io/library and :latest', () => {
  assert.equal(normalizeDockerReference('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeDockerReference('user/app'), 'docker.io/user/app:latest');
  assert.equal(
    normalizeDockerReference('index.docker.io/busybox:1'),
    'docker.io/library/busybox:1',
  );
  assert.equal(normalizeDockerReference(`quay.io/a@${digest}`), `quay.io/a@${digest}`);
  assert.equal(normalizeDockerReference('localhost:5000/x'), 'localhost:5000/x:latest');
  assert.throws(
    () => parseNormalizedReference('a'.repeat(64)),
    /cannot specify 64-byte hexadecimal strings/,
  );
});

test('familiarString and formatReference round-trip', () => {
  assert.equal(
    familiarString(parseNormalizedReference('docker.io/library/busybox:1')),
    'busybox:1',
  );
  assert.equal(familiarString(parseNormalizedReference('docker.io/user/app')), 'user/app');
  assert.equal(familiarString(parseNormalizedReference('quay.io/a/b:c')), 'quay.io/a/b:c');
  assert.equal(formatReference(parseReference(`x.io/a:t@${digest}`)), `x.io/a:t@${digest}`);
  assert.equal(isShortName('a/b'), true);
  assert.equal(isShortName('localhost/b'), false);
});

test('normalizeLocalImageName puts short names under localhost/ as podman tag does', () => {
  assert.equal(normalizeLocalImageName('foo'), 'localhost/foo:latest');
  assert.equal(normalizeLocalImageName('foo/bar:1'), 'localhost/foo/bar:1');
  assert.equal(normalizeLocalImageName('docker.io/foo'), 'docker.io/library/foo:latest');
  assert.equal(normalizeLocalImageName('quay.io/x/y:2'), 'quay.io/x/y:2');
  assert.throws(() => normalizeLocalImageName('Foo'), {
    message: 'normalizing name "Foo": repository name must be lowercase',
  });
});
