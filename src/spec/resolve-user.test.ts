import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../lib/berth-error.ts';
import { resolveUser } from './resolve-user.ts';

const passwd = [
  'root:x:0:0:root:/root:/bin/sh',
  '# a comment',
  '',
  'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
  'app:x:1000:1000:App:/home/app:/bin/sh',
  'nobody:x:65534:65534:nobody:/home:/bin/false',
].join('\n');

const group = [
  'root:x:0:',
  'wheel:x:10:root,app',
  'audio:x:29:app',
  'app:x:1000:',
  'staff:x:50:',
  'nogroup:x:65534:',
].join('\n');

function rejects(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (error: unknown) =>
      isBerthError(error) && error.code === 'INVALID_ARGUMENT' && error.message === message,
  );
}

describe('resolveUser', () => {
  it('defaults to root with its supplementary groups only (podman 4.3.1 adds the primary gid only for -u)', () => {
    assert.deepEqual(resolveUser(undefined, passwd, group), {
      uid: 0,
      gid: 0,
      additionalGids: [10],
      home: '/root',
    });
    assert.deepEqual(resolveUser('', passwd, group), {
      uid: 0,
      gid: 0,
      additionalGids: [10],
      home: '/root',
    });
    assert.deepEqual(resolveUser('0', passwd, group), {
      uid: 0,
      gid: 0,
      additionalGids: [0, 10],
      home: '/root',
    });
  });

  it('no passwd/group files: root is 0:0, with [0] for -u 0 (reference: -u 0 → additionalGids [0])', () => {
    assert.deepEqual(resolveUser(undefined, null, null), { uid: 0, gid: 0, additionalGids: [] });
    assert.deepEqual(resolveUser('0', null, null), { uid: 0, gid: 0, additionalGids: [0] });
  });

  it('numeric uid:gid works without passwd (reference: -u 1000:1000 → [1000])', () => {
    assert.deepEqual(resolveUser('1000:1000', null, null), {
      uid: 1000,
      gid: 1000,
      additionalGids: [1000],
    });
  });

  it('a numeric uid without an entry gets gid 0', () => {
    assert.deepEqual(resolveUser('4242', passwd, group), {
      uid: 4242,
      gid: 0,
      additionalGids: [0],
    });
  });

  it('a uid with a passwd entry takes its primary gid and supplementary groups', () => {
    assert.deepEqual(resolveUser('1000', passwd, group), {
      uid: 1000,
      gid: 1000,
      additionalGids: [1000, 10, 29],
      home: '/home/app',
    });
  });

  it('names resolve in the container files; an explicit :group skips supplementary groups', () => {
    assert.deepEqual(resolveUser('nobody', passwd, group), {
      uid: 65534,
      gid: 65534,
      additionalGids: [65534],
      home: '/home',
    });
    assert.deepEqual(resolveUser('app:staff', passwd, group), {
      uid: 1000,
      gid: 50,
      additionalGids: [50],
      home: '/home/app',
    });
    assert.deepEqual(resolveUser('app:7', passwd, group), {
      uid: 1000,
      gid: 7,
      additionalGids: [7],
      home: '/home/app',
    });
  });

  it('--group-add appends ids and group names, deduplicated', () => {
    assert.deepEqual(resolveUser('1000:1000', passwd, group, ['10', 'staff', '1000', '777']), {
      uid: 1000,
      gid: 1000,
      additionalGids: [1000, 10, 50, 777],
      home: '/home/app',
    });
  });

  it("fails with podman's messages for unknown names", () => {
    rejects(
      () => resolveUser('ghost', passwd, group),
      'unable to find user ghost: no matching entries in passwd file',
    );
    rejects(
      () => resolveUser('nobody', null, null),
      'unable to find user nobody: no matching entries in passwd file',
    );
    rejects(
      () => resolveUser('app:ghosts', passwd, group),
      'unable to find group ghosts: no matching entries in group file',
    );
    rejects(
      () => resolveUser('0', passwd, group, ['ghosts']),
      'unable to find group ghosts: no matching entries in group file',
    );
  });

  it('rejects ids out of range', () => {
    rejects(() => resolveUser('-1', null, null), 'uids and gids must be in range 0-2147483647');
    rejects(
      () => resolveUser('0:4294967296', null, null),
      'uids and gids must be in range 0-2147483647',
    );
  });
});
