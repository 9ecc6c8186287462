import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVolume, volumeMount } from './volume-spec.ts';

test('-v forms: bind, named, anonymous, with options', () => {
  assert.deepEqual(parseVolume('/srv/web:/var/www:Z'), {
    kind: 'bind',
    source: '/srv/web',
    destination: '/var/www',
    readOnly: false,
    chown: false,
    overlay: false,
    relabel: 'Z',
  });
  assert.equal(parseVolume('data:/data:ro').kind, 'named');
  assert.equal(parseVolume('data:/data:ro').readOnly, true);
  assert.equal(parseVolume('/scratch').kind, 'anonymous');
  assert.equal(parseVolume('/a:/b:U,rshared').propagation, 'rshared');
  assert.deepEqual(volumeMount(parseVolume('/a:/b:ro'), '/a'), {
    destination: '/b',
    type: 'bind',
    source: '/a',
    options: ['rbind', 'rprivate', 'ro'],
  });
});

test('-v errors use podman words', () => {
  assert.throws(
    () => parseVolume('/a:rel'),
    /invalid container path "rel", must be an absolute path/,
  );
  assert.throws(() => parseVolume('/a:/b:bogus'), /invalid option "bogus" in volume/);
  assert.throws(() => parseVolume('/a:/b:ro:x'), /incorrect volume format/);
});
