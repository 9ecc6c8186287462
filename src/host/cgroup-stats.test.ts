// Unit tests of the cgroup counters reader on fake v1 (hybrid) and v2 host trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeFakeHostTree } from './fake-host-tree.ts';
import {
  parseBlkioV1,
  parseIoStatV2,
  parseNetDev,
  parseProcCgroup,
  readCgroupStats,
  readMemTotalBytes,
  readNetCounters,
} from './cgroup-stats.ts';

const mountinfoHybrid = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio',
  '39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  '',
].join('\n');

const cg = '/berth_parent/berth-abc';
const netDev = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  5000      10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
  eth0:  1200       8    0    0    0     0          0         0      700       6    0    0    0     0       0          0
`;

test('parseProcCgroup splits v1 controllers and the unified path', () => {
  const parsed = parseProcCgroup(
    `12:cpu,cpuacct:${cg}\n4:memory:${cg}\n1:name=systemd:/x\n0::/u\n`,
  );
  assert.equal(parsed.v1.get('cpuacct'), cg);
  assert.equal(parsed.v1.get('cpu'), cg);
  assert.equal(parsed.v1.get('memory'), cg);
  assert.equal(parsed.unified, '/u');
});

test('block I/O sums reads and writes over devices', () => {
  assert.deepEqual(
    parseBlkioV1('8:0 Read 4096\n8:0 Write 100\n8:16 Read 4\n8:0 Total 4200\nTotal 4200\n'),
    { readBytes: 4100, writeBytes: 100 },
  );
  assert.deepEqual(
    parseIoStatV2('8:0 rbytes=10 wbytes=20 rios=1 wios=2\n8:16 rbytes=5 wbytes=0\n'),
    { readBytes: 15, writeBytes: 20 },
  );
});

test('parseNetDev leaves out lo', () => {
  assert.deepEqual(parseNetDev(netDev), { rxBytes: 1200, txBytes: 700 });
});

test('cgroup v1 (hybrid host): cpuacct, memory less inactive_file, limit, blkio, pids', async () => {
  await using tree = await makeFakeHostTree({
    '/proc/self/mountinfo': mountinfoHybrid,
    '/proc/42/cgroup': `9:pids:${cg}\n7:blkio:${cg}\n4:memory:${cg}\n2:cpuacct:${cg}\n1:cpu:${cg}\n0::/\n`,
    '/proc/42/net/dev': netDev,
    '/proc/meminfo': 'MemTotal:       2048 kB\nMemFree:        1024 kB\n',
    [`/sys/fs/cgroup/cpuacct${cg}/cpuacct.usage`]: '123456789\n',
    [`/sys/fs/cgroup/memory${cg}/memory.usage_in_bytes`]: '1000000\n',
    [`/sys/fs/cgroup/memory${cg}/memory.limit_in_bytes`]: '9223372036854771712\n',
    [`/sys/fs/cgroup/memory${cg}/memory.stat`]:
      'cache 10\ninactive_file 7\ntotal_inactive_file 200000\n',
    [`/sys/fs/cgroup/blkio${cg}/blkio.throttle.io_service_bytes`]:
      '8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n',
    [`/sys/fs/cgroup/pids${cg}/pids.current`]: '3\n',
  });
  const sample = await readCgroupStats(42, tree.root);
  assert.deepEqual(sample, {
    cpuUsageNs: 123456789,
    memoryUsageBytes: 800000,
    blockReadBytes: 4096,
    blockWriteBytes: 8192,
    pids: 3,
  });
  assert.deepEqual(await readNetCounters(42, tree.root), { rxBytes: 1200, txBytes: 700 });
  assert.equal(await readMemTotalBytes(tree.root), 2048 * 1024);
});

test('cgroup v1 with a memory limit reports it', async () => {
  await using tree = await makeFakeHostTree({
    '/proc/self/mountinfo': mountinfoHybrid,
    '/proc/42/cgroup': `4:memory:${cg}\n`,
    [`/sys/fs/cgroup/memory${cg}/memory.usage_in_bytes`]: '500\n',
    [`/sys/fs/cgroup/memory${cg}/memory.limit_in_bytes`]: '6291456\n',
  });
  const sample = await readCgroupStats(42, tree.root);
  assert.equal(sample?.memoryLimitBytes, 6291456);
  assert.equal(sample?.memoryUsageBytes, 500);
  assert.equal(sample?.pids, 0);
});

test('cgroup v2: cpu.stat usage_usec, memory.current less inactive_file, memory.max, io.stat', async () => {
  await using tree = await makeFakeHostTree({
    '/proc/self/mountinfo':
      '30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n',
    '/proc/7/cgroup': `0::${cg}\n`,
    [`/sys/fs/cgroup${cg}/cpu.stat`]: 'usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n',
    [`/sys/fs/cgroup${cg}/memory.current`]: '3000000\n',
    [`/sys/fs/cgroup${cg}/memory.max`]: 'max\n',
    [`/sys/fs/cgroup${cg}/memory.stat`]: 'anon 100\ninactive_file 1000000\n',
    [`/sys/fs/cgroup${cg}/io.stat`]: '259:0 rbytes=100 wbytes=300 rios=1 wios=2 dbytes=0 dios=0\n',
    [`/sys/fs/cgroup${cg}/pids.current`]: '2\n',
  });
  assert.deepEqual(await readCgroupStats(7, tree.root), {
    cpuUsageNs: 2_500_000,
    memoryUsageBytes: 2_000_000,
    blockReadBytes: 100,
    blockWriteBytes: 300,
    pids: 2,
  });
});

test('cgroup v2 memory.max with a number is the limit', async () => {
  await using tree = await makeFakeHostTree({
    '/proc/self/mountinfo': '30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n',
    '/proc/7/cgroup': `0::${cg}\n`,
    [`/sys/fs/cgroup${cg}/memory.max`]: '1048576\n',
  });
  assert.equal((await readCgroupStats(7, tree.root))?.memoryLimitBytes, 1048576);
});

test('a process that is gone has no sample', async () => {
  await using tree = await makeFakeHostTree({ '/proc/self/mountinfo': mountinfoHybrid });
  assert.equal(await readCgroupStats(99, tree.root), undefined);
  assert.equal(await readNetCounters(99, tree.root), undefined);
});
