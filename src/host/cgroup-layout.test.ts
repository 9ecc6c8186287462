import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectCgroupLayout,
  infoCgroupVersion,
  layoutFromMounts,
  parseMountinfo,
  parseProcMounts,
} from './cgroup-layout.ts';
import {
  mountinfoHybrid,
  mountinfoHybridWithV2Controller,
  mountinfoV1,
  mountinfoV2,
  procCgroups,
} from './cgroup-samples.test-data.ts';
import { makeFakeHostTree } from './fake-host-tree.ts';

describe('detectCgroupLayout', () => {
  it('reports v1 when no cgroup2 hierarchy is mounted', async () => {
    await using tree = await makeFakeHostTree({ '/proc/self/mountinfo': mountinfoV1 });
    const layout = await detectCgroupLayout(tree.root);
    assert.deepEqual(layout, {
      version: 'v1',
      v2Controllers: [],
      v1Controllers: ['cpu', 'cpuacct', 'hugetlb', 'memory', 'net_cls', 'net_prio', 'pids'],
      v1Mounts: {
        cpu: '/sys/fs/cgroup/cpu,cpuacct',
        cpuacct: '/sys/fs/cgroup/cpu,cpuacct',
        hugetlb: '/sys/fs/cgroup/hugetlb',
        memory: '/sys/fs/cgroup/memory',
        net_cls: '/sys/fs/cgroup/net_cls,net_prio',
        net_prio: '/sys/fs/cgroup/net_cls,net_prio',
        pids: '/sys/fs/cgroup/pids',
      },
    });
    assert.equal(infoCgroupVersion(layout), 'v1');
  });

  it('reports v2 with the root controllers when /sys/fs/cgroup is cgroup2', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/self/mountinfo': mountinfoV2,
      '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
    });
    const layout = await detectCgroupLayout(tree.root);
    assert.equal(layout.version, 'v2');
    assert.equal(layout.unifiedMount, '/sys/fs/cgroup');
    assert.deepEqual(layout.v2Controllers, [
      'cpu',
      'cpuset',
      'hugetlb',
      'io',
      'memory',
      'misc',
      'pids',
      'rdma',
    ]);
    assert.deepEqual(layout.v1Controllers, []);
    assert.equal(infoCgroupVersion(layout), 'v2');
  });

  it('reports hybrid with no v2 controllers when cgroup.controllers is empty', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/self/mountinfo': mountinfoHybrid,
      '/sys/fs/cgroup/unified/cgroup.controllers': '',
    });
    const layout = await detectCgroupLayout(tree.root);
    assert.equal(layout.version, 'hybrid');
    assert.equal(layout.unifiedMount, '/sys/fs/cgroup/unified');
    assert.deepEqual(layout.v2Controllers, []);
    assert.deepEqual(layout.v1Controllers, ['cpu', 'cpuacct', 'memory', 'pids']);
    assert.equal(infoCgroupVersion(layout), 'v1');
  });

  it('reports hybrid with the controller the v2 hierarchy holds', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/self/mountinfo': mountinfoHybridWithV2Controller,
      '/proc/cgroups': procCgroups,
      '/sys/fs/cgroup/unified/cgroup.controllers': 'hugetlb\n',
    });
    const layout = await detectCgroupLayout(tree.root);
    assert.equal(layout.version, 'hybrid');
    assert.deepEqual(layout.v2Controllers, ['hugetlb']);
    assert.deepEqual(layout.v1Controllers, [
      'blkio',
      'cpu',
      'cpuacct',
      'cpuset',
      'devices',
      'freezer',
      'memory',
      'pids',
    ]);
  });

  it('falls back to /proc/mounts when mountinfo is missing', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/mounts':
        'tmpfs /sys/fs/cgroup tmpfs ro,mode=755 0 0\n' +
        'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nsdelegate 0 0\n' +
        'cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,memory 0 0\n',
      '/sys/fs/cgroup/unified/cgroup.controllers': 'pids\n',
    });
    const layout = await detectCgroupLayout(tree.root);
    assert.deepEqual(layout, {
      version: 'hybrid',
      unifiedMount: '/sys/fs/cgroup/unified',
      v2Controllers: ['pids'],
      v1Controllers: ['memory'],
      v1Mounts: { memory: '/sys/fs/cgroup/memory' },
    });
  });
});

describe('mount table parsing', () => {
  it('decodes octal escapes in mount points and skips other file systems', () => {
    const mounts = parseMountinfo(
      '50 31 0:40 / /sys/fs/cgroup/my\\040dir rw - cgroup cgroup rw,pids\n' +
        '51 31 0:41 / /proc rw shared:2 - proc proc rw\n',
    );
    assert.deepEqual(mounts, [
      { mountPoint: '/sys/fs/cgroup/my dir', fsType: 'cgroup', options: ['rw', 'pids'] },
    ]);
  });

  it('finds the file system type after optional fields', () => {
    const mounts = parseMountinfo(
      '26 22 0:24 / /sys/fs/cgroup rw shared:4 master:1 - cgroup2 cgroup2 rw\n',
    );
    assert.equal(mounts[0]?.fsType, 'cgroup2');
  });

  it('lets a later mount over the same point win', () => {
    const layout = layoutFromMounts([
      { mountPoint: '/sys/fs/cgroup', fsType: 'cgroup', options: ['rw', 'memory'] },
      { mountPoint: '/sys/fs/cgroup', fsType: 'cgroup2', options: ['rw'] },
    ]);
    assert.equal(layout.version, 'v2');
  });

  it('reads /proc/mounts lines', () => {
    assert.deepEqual(parseProcMounts('cgroup2 /sys/fs/cgroup cgroup2 rw,nsdelegate 0 0\n'), [
      { mountPoint: '/sys/fs/cgroup', fsType: 'cgroup2', options: ['rw', 'nsdelegate'] },
    ]);
  });
});
