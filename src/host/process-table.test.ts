import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStat, parseStatus } from './process-table.ts';

describe('process table parsing', () => {
  it('reads stat fields after a comm with spaces and parentheses', () => {
    const stat =
      '4242 (my (odd) cmd) S 4200 4242 4242 34816 4242 4194560 1 0 0 0 7 5 0 0 20 0 1 0 123456 1000 10 1';
    assert.deepEqual(parseStat(stat), {
      comm: 'my (odd) cmd',
      hostPpid: 4200,
      ttyNr: 34816,
      cpuTicks: 12,
      startTicks: 123456,
    });
  });
  it('takes the innermost NSpid and the real uid and gid', () => {
    const status =
      'Name:\tsleep\nUid:\t1000\t1000\t1000\t1000\nGid:\t10\t10\t10\t10\nNSpid:\t4242\t1\n';
    assert.deepEqual(parseStatus(status, 4242), { nsPid: 1, uid: 1000, gid: 10 });
  });
});
