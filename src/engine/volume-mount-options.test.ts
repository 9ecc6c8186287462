import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountRequestsToSpecs } from './volume-mount-options.ts';

test('--mount entries become -v specs with podman field names and aliases', () => {
  assert.deepEqual(
    mountRequestsToSpecs([
      'type=bind,source=/srv/web,target=/var/www,readonly',
      'type=bind,src=/a,dst=/b',
      'type=volume,source=data,target=/data',
      'type=volume,target=/anon',
      'type=tmpfs,target=/t,tmpfs-size=1m',
    ]),
    ['/srv/web:/var/www:ro', '/a:/b', 'data:/data', '/anon', 'tmpfs+1m:/t'],
  );
});

test('--mount without a target or with an unknown type is refused', () => {
  assert.throws(() => mountRequestsToSpecs(['type=bind,source=/a']), { code: 'INVALID_ARGUMENT' });
  assert.throws(
    () => mountRequestsToSpecs(['type=nfs,target=/a']),
    /invalid filesystem type "nfs"/,
  );
  assert.throws(() => mountRequestsToSpecs(['type=bind,target=/a']), /must provide a source/);
});
