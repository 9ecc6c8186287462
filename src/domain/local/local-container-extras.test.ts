import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseRestart, runExtras } from './local-container-extras.ts';

describe('run flag checks', () => {
  it('parses restart policies as podman does', () => {
    assert.deepEqual(parseRestart('on-failure:2'), { name: 'on-failure', maxRetries: 2 });
    assert.deepEqual(parseRestart('on-failure'), { name: 'on-failure', maxRetries: 0 });
    assert.deepEqual(parseRestart('always'), { name: 'always', maxRetries: 0 });
    assert.throws(() => parseRestart('always:3'), /only be specified with on-failure/);
    assert.throws(() => parseRestart('sometimes'), /invalid restart policy/);
  });
  it('parses sizes in powers of 1024', () => {
    assert.equal(parseBytes('64m', 'memory'), 64 * 1024 * 1024);
    assert.equal(parseBytes('1g', 'memory'), 1024 ** 3);
    assert.equal(parseBytes('512', 'memory'), 512);
    assert.throws(() => parseBytes('lots', 'memory'), /invalid size/);
  });
  it('turns labels into a map and refuses --rm with a restart policy', () => {
    assert.deepEqual(runExtras({ labels: ['a=b', 'flag'] }, false), {
      labels: { a: 'b', flag: '' },
    });
    assert.throws(
      () => runExtras({ restart: 'always' }, true),
      /--rm option conflicts with --restart/,
    );
    assert.equal(runExtras(undefined, false), undefined);
  });
});
