import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../lib/berth-error.ts';
import {
  knownCapabilities,
  mergeCapabilities,
  resolveCapabilities,
} from './resolve-capabilities.ts';

const defaults = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

const base = { defaults, capAdd: [], capDrop: [], privileged: false, uid: 0 };

function invalid(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (e: unknown) => isBerthError(e) && e.code === 'INVALID_ARGUMENT' && e.message === message,
  );
}

describe('resolveCapabilities', () => {
  it('root: bounding = effective = permitted = the 11 defaults, no inheritable/ambient', () => {
    assert.deepEqual(resolveCapabilities(base), {
      bounding: defaults,
      effective: defaults,
      permitted: defaults,
    });
  });

  it('non-root without --cap-add: bounding only', () => {
    assert.deepEqual(resolveCapabilities({ ...base, uid: 1000 }), { bounding: defaults });
  });

  it('non-root with --cap-add NET_RAW (reference §2)', () => {
    const caps = resolveCapabilities({ ...base, uid: 1000, capAdd: ['net_raw'] });
    assert.deepEqual(caps.bounding, [...defaults, 'CAP_NET_RAW'].sort());
    for (const set of [caps.effective, caps.inheritable, caps.permitted, caps.ambient]) {
      assert.deepEqual(set, ['CAP_NET_RAW']);
    }
  });

  it('--cap-drop removes, output stays sorted', () => {
    const caps = resolveCapabilities({
      ...base,
      capDrop: ['CAP_CHOWN', 'kill'],
      capAdd: ['SYS_ADMIN'],
    });
    const expected = [
      ...defaults.filter((c) => c !== 'CAP_CHOWN' && c !== 'CAP_KILL'),
      'CAP_SYS_ADMIN',
    ].sort();
    assert.deepEqual(caps.bounding, expected);
  });

  it('--cap-drop ALL keeps only the additions; --cap-drop ALL alone gives no caps at all', () => {
    assert.deepEqual(
      resolveCapabilities({ ...base, capDrop: ['all'], capAdd: ['chown'] }).bounding,
      ['CAP_CHOWN'],
    );
    assert.deepEqual(resolveCapabilities({ ...base, capDrop: ['ALL'] }), {});
  });

  it('--privileged and --cap-add ALL take the bounding set (here without CAP_SYS_RESOURCE)', () => {
    const host = knownCapabilities.filter((c) => c !== 'CAP_SYS_RESOURCE');
    const priv = resolveCapabilities({ ...base, privileged: true, boundingSet: host });
    assert.equal(priv.bounding?.length, 40);
    assert.ok(!priv.bounding?.includes('CAP_SYS_RESOURCE'));
    assert.deepEqual(priv.bounding, [...host].sort());
    assert.deepEqual(priv.effective, priv.bounding);
    const all = resolveCapabilities({ ...base, capAdd: ['ALL'], boundingSet: host });
    assert.deepEqual(all.bounding, priv.bounding);
  });

  it('caps outside the bounding set are dropped', () => {
    const caps = resolveCapabilities({ ...base, capAdd: ['SYS_RESOURCE'], boundingSet: defaults });
    assert.ok(!caps.bounding?.includes('CAP_SYS_RESOURCE'));
  });

  it("rejects unknown and contradictory capabilities with podman's messages", () => {
    invalid(
      () => resolveCapabilities({ ...base, capAdd: ['FLY'] }),
      'unknown capability "CAP_FLY"',
    );
    invalid(
      () => resolveCapabilities({ ...base, capAdd: ['NET_RAW'], capDrop: ['net_raw'] }),
      'capability "CAP_NET_RAW" cannot be dropped and added',
    );
    invalid(
      () => mergeCapabilities(defaults, ['all'], ['all'], defaults),
      'adding all caps and removing all caps not allowed',
    );
  });

  it('knows 41 capabilities, CAP_CHOWN=0 … CAP_CHECKPOINT_RESTORE=40', () => {
    assert.equal(knownCapabilities.length, 41);
    assert.equal(knownCapabilities[40], 'CAP_CHECKPOINT_RESTORE');
    assert.equal(knownCapabilities[21], 'CAP_SYS_ADMIN');
  });
});
