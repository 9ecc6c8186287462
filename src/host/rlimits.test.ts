import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLevel, setLogLevel, setLogSink } from '../lib/log.ts';
import { makeFakeHostTree } from './fake-host-tree.ts';
import {
  clampUlimits,
  hasCapSysResource,
  parseProcLimits,
  podmanDefaultUlimits,
  readPidMax,
  readProcessRlimits,
  RLIM_INFINITY,
  type ProcessRlimits,
} from './rlimits.ts';

const limitsText = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max processes             96365                96365                processes 
Max open files            20000                20000                files     
Max locked memory         8388608              8388608              bytes     
Max nice priority         0                    0                    
`;
const statusNoSysResource = 'Name:\tnode\nSeccomp:\t0\nCapEff:\t000001fffeffffff\n';
const statusFullCaps = 'Name:\tnode\nCapEff:\t000001ffffffffff\n';
const initialUidMap = '         0          0 4294967295\n';

describe('reading the process limits', () => {
  it('parses /proc/self/limits, with unlimited as RLIM_INFINITY', () => {
    const limits = parseProcLimits(limitsText);
    assert.deepEqual(limits.nofile, { soft: 20000, hard: 20000 });
    assert.deepEqual(limits.nproc, { soft: 96365, hard: 96365 });
    assert.deepEqual(limits.stack, { soft: 8388608, hard: RLIM_INFINITY });
    assert.deepEqual(limits.cpu, { soft: RLIM_INFINITY, hard: RLIM_INFINITY });
    assert.deepEqual(limits.nice, { soft: 0, hard: 0 });
  });

  it('tells whether CapEff holds CAP_SYS_RESOURCE (bit 24)', () => {
    assert.equal(hasCapSysResource(statusNoSysResource), false);
    assert.equal(hasCapSysResource(statusFullCaps), true);
    assert.equal(hasCapSysResource('Name:\tx\n'), false);
  });

  it('may raise hard limits only with CAP_SYS_RESOURCE in the initial user namespace', async () => {
    await using full = await makeFakeHostTree({
      '/proc/self/limits': limitsText,
      '/proc/self/status': statusFullCaps,
      '/proc/self/uid_map': initialUidMap,
    });
    assert.equal((await readProcessRlimits(full.root)).canRaiseHard, true);
    await using noCap = await makeFakeHostTree({
      '/proc/self/limits': limitsText,
      '/proc/self/status': statusNoSysResource,
      '/proc/self/uid_map': initialUidMap,
    });
    const current = await readProcessRlimits(noCap.root);
    assert.equal(current.canRaiseHard, false);
    assert.equal(current.limitedBy, 'no CAP_SYS_RESOURCE');
    assert.deepEqual(current.limits.nofile, { soft: 20000, hard: 20000 });
    await using userns = await makeFakeHostTree({
      '/proc/self/status': statusFullCaps,
      '/proc/self/uid_map': '         0       1000          1\n         1     100000      65536\n',
    });
    assert.equal((await readProcessRlimits(userns.root)).limitedBy, 'in a user namespace');
  });

  it('reads pid_max for podman default nproc', async () => {
    await using tree = await makeFakeHostTree({ '/proc/sys/kernel/pid_max': '32768\n' });
    const pidMax = await readPidMax(tree.root);
    assert.equal(pidMax, 32768);
    assert.deepEqual(podmanDefaultUlimits(pidMax), [
      { type: 'nofile', soft: 1048576, hard: 1048576 },
      { type: 'nproc', soft: 32768, hard: 32768 },
    ]);
  });
});

describe('clampUlimits', () => {
  const noCap: ProcessRlimits = {
    limits: { nofile: { soft: 1024, hard: 20000 }, nproc: { soft: 96365, hard: 96365 } },
    canRaiseHard: false,
    limitedBy: 'no CAP_SYS_RESOURCE',
  };

  it('lowers podman defaults to the current hard limit and says why, at info level', () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    const level = logLevel();
    setLogLevel('info');
    try {
      const { ulimits, clamps } = clampUlimits(podmanDefaultUlimits(), noCap);
      assert.deepEqual(ulimits, [
        { type: 'nofile', soft: 20000, hard: 20000 },
        { type: 'nproc', soft: 96365, hard: 96365 },
      ]);
      assert.equal(clamps.length, 2);
      assert.equal(
        clamps[0]?.reason,
        'nofile=1048576:1048576 lowered to 20000:20000: berth may not raise the hard limit above 20000 (no CAP_SYS_RESOURCE)',
      );
      assert.equal(lines.length, 2);
      assert.match(lines[0] ?? '', /level=info msg="nofile=1048576:1048576 lowered/);
    } finally {
      setLogSink(previous);
      setLogLevel(level);
    }
  });

  it('keeps limits already within reach, and soft may rise up to the hard limit', () => {
    const { ulimits, clamps } = clampUlimits([{ type: 'nofile', soft: 4096, hard: 8192 }], noCap);
    assert.deepEqual(ulimits, [{ type: 'nofile', soft: 4096, hard: 8192 }]);
    assert.deepEqual(clamps, []);
  });

  it('lowers only the soft limit when just the soft limit is above the hard limit', () => {
    const { ulimits, clamps } = clampUlimits([{ type: 'nofile', soft: 50000, hard: 10000 }], noCap);
    assert.deepEqual(ulimits, [{ type: 'nofile', soft: 10000, hard: 10000 }]);
    assert.equal(clamps.length, 1);
  });

  it('clamps unlimited too, and leaves limits alone when hard limits may be raised', () => {
    const wanted = [{ type: 'nproc', soft: RLIM_INFINITY, hard: RLIM_INFINITY }];
    assert.deepEqual(clampUlimits(wanted, noCap).ulimits, [
      { type: 'nproc', soft: 96365, hard: 96365 },
    ]);
    assert.deepEqual(clampUlimits(wanted, { ...noCap, canRaiseHard: true }).ulimits, wanted);
  });

  it('passes through types whose current limit is unknown', () => {
    const wanted = [{ type: 'memlock', soft: 1, hard: 2 }];
    assert.deepEqual(clampUlimits(wanted, noCap), { ulimits: wanted, clamps: [] });
  });
});
