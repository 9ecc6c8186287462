import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeFakeHostTree } from './fake-host-tree.ts';
import {
  parseCpuUtilization,
  formatUptime,
  goArchOf,
  parseMeminfo,
  parseOsRelease,
  probeHostFacts,
} from './host-facts.ts';

const meminfo = `MemTotal:       24684092 kB
MemFree:        24087452 kB
MemAvailable:   24354860 kB
Active(anon):       1524 kB
SwapTotal:       2097148 kB
SwapFree:        2000000 kB
HugePages_Total:       0
`;

const debianOsRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;

const system = { arch: 'amd64', kernel: '6.1.0-test', hostname: 'box', cpus: 4, uid: 0 };

describe('host fact parsers', () => {
  it('maps Node architectures to Go names', () => {
    assert.equal(goArchOf('x64'), 'amd64');
    assert.equal(goArchOf('arm64'), 'arm64');
    assert.equal(goArchOf('ia32'), '386');
  });

  it('reads /proc/meminfo in bytes', () => {
    const values = parseMeminfo(meminfo);
    assert.equal(values.MemTotal, 24684092 * 1024);
    assert.equal(values.SwapFree, 2000000 * 1024);
    assert.equal(values['Active(anon)'], 1524 * 1024);
    assert.equal(values.HugePages_Total, 0);
  });

  it('formats uptime as podman 4 does', () => {
    assert.equal(formatUptime(304.91), '0h 5m 4.00s');
    assert.equal(formatUptime(3723.45), '1h 2m 3.00s (Approximately 0.04 days)');
    assert.equal(formatUptime(90061), '25h 1m 1.00s (Approximately 1.04 days)');
  });

  it('reads the distribution from os-release, unquoting values', () => {
    assert.deepEqual(parseOsRelease(debianOsRelease), {
      distribution: 'debian',
      version: '12',
      codename: 'bookworm',
    });
    assert.deepEqual(parseOsRelease('ID="fedora"\nVERSION_ID=39\nVARIANT_ID=workstation\n'), {
      distribution: 'fedora',
      version: '39',
      variant: 'workstation',
    });
    assert.deepEqual(parseOsRelease(undefined), { distribution: 'unknown', version: 'unknown' });
  });
});

describe('probeHostFacts', () => {
  it('assembles podman info host facts from a fake tree', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/meminfo': meminfo,
      '/proc/uptime': '3723.45 7000.10\n',
      '/etc/os-release': debianOsRelease,
      '/proc/sys/kernel/random/boot_id': '6f29bf2b-3f25-4a3e-9bf4-a57ebd4498d8\n',
      '/proc/self/status': 'Name:\tnode\nSeccomp:\t0\nSeccomp_filters:\t0\n',
      '/sys/module/apparmor/parameters/enabled': 'Y\n',
      '/usr/share/containers/seccomp.json': '{}',
    });
    assert.deepEqual(await probeHostFacts(tree.root, system), {
      arch: 'amd64',
      os: 'linux',
      kernel: '6.1.0-test',
      hostname: 'box',
      cpus: 4,
      memTotal: 24684092 * 1024,
      memFree: 24087452 * 1024,
      swapTotal: 2097148 * 1024,
      swapFree: 2000000 * 1024,
      uptime: '1h 2m 3.00s (Approximately 0.04 days)',
      distribution: { distribution: 'debian', version: '12', codename: 'bookworm' },
      security: {
        apparmorEnabled: true,
        rootless: false,
        seccompEnabled: true,
        seccompProfilePath: '/usr/share/containers/seccomp.json',
        selinuxEnabled: false,
      },
      bootId: '6f29bf2b-3f25-4a3e-9bf4-a57ebd4498d8',
    });
  });

  it('reports security switches off when the files say so', async () => {
    await using tree = await makeFakeHostTree({
      '/proc/self/status': 'Name:\tnode\n',
      '/sys/module/apparmor/parameters/enabled': 'N\n',
      '/sys/fs/selinux/enforce': '1\n',
      '/usr/lib/os-release': 'ID=arch\n',
    });
    const facts = await probeHostFacts(tree.root, { ...system, uid: 1000 });
    assert.deepEqual(facts.security, {
      apparmorEnabled: false,
      rootless: true,
      seccompEnabled: false,
      seccompProfilePath: '',
      selinuxEnabled: true,
    });
    assert.equal(facts.distribution.distribution, 'arch');
    assert.equal(facts.uptime, '0h 0m 0.00s');
  });
});

describe('parseCpuUtilization', () => {
  it('shares of the cpu line of /proc/stat, rounded as podman rounds them', () => {
    assert.deepEqual(
      parseCpuUtilization('cpu  993114 0 408375 1253516 15708 0 11253 78084 0 0\ncpu0 1 2 3 4\n'),
      {
        userPercent: 35.98,
        systemPercent: 15.2,
        idlePercent: 45.99,
      },
    );
    assert.deepEqual(parseCpuUtilization(''), { userPercent: 0, systemPercent: 0, idlePercent: 0 });
  });
});
