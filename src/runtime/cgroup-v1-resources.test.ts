import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupV1Writes, deviceRuleLine } from './cgroup-v1-resources.ts';

test('device rules become devices.allow/deny lines, wildcards as *', () => {
  assert.equal(deviceRuleLine({ allow: false, access: 'rwm' }), 'a *:* rwm');
  assert.equal(
    deviceRuleLine({ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }),
    'c 1:3 rwm',
  );
  assert.equal(
    deviceRuleLine({ allow: true, type: 'c', major: 136, access: 'rwm' }),
    'c 136:* rwm',
  );
});

test('writes start by denying every device, then the spec rules, then the limits in kernel order', () => {
  const writes = cgroupV1Writes(
    {
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      ],
      memory: { limit: 512 * 1024 * 1024, swap: 1024 * 1024 * 1024 },
      cpu: { quota: 150_000, period: 100_000 },
      pids: { limit: 2048 },
    },
    { swapAccounting: true },
  );
  assert.deepEqual(
    writes.map((w) => `${w.controller}/${w.file}=${w.value}`),
    [
      'devices/devices.deny=a',
      'devices/devices.deny=a *:* rwm',
      'devices/devices.allow=c 1:3 rwm',
      'devices/devices.allow=c *:* m',
      'devices/devices.allow=b *:* m',
      'devices/devices.allow=c 1:3 rwm',
      'devices/devices.allow=c 1:5 rwm',
      'devices/devices.allow=c 1:7 rwm',
      'devices/devices.allow=c 1:8 rwm',
      'devices/devices.allow=c 1:9 rwm',
      'devices/devices.allow=c 5:0 rwm',
      'devices/devices.allow=c 5:1 rwm',
      'devices/devices.allow=c 5:2 rwm',
      'devices/devices.allow=c 136:* rwm',
      'devices/devices.allow=c 10:200 rwm',
      'memory/memory.limit_in_bytes=536870912',
      'memory/memory.memsw.limit_in_bytes=1073741824',
      'cpu/cpu.cfs_period_us=100000',
      'cpu/cpu.cfs_quota_us=150000',
      'pids/pids.max=2048',
    ],
  );
});

test('no rules still denies every device but the default ones; no swap accounting, no memsw write', () => {
  const writes = cgroupV1Writes({}, { swapAccounting: false });
  assert.deepEqual(writes[0], { controller: 'devices', file: 'devices.deny', value: 'a' });
  assert.ok(writes.slice(1).every((w) => w.file === 'devices.allow'));
  assert.ok(
    !writes.some((w) => w.value.startsWith('b 8:') || w.value === 'a *:* rwm'),
    'no disk, no wildcard',
  );
  const memory = cgroupV1Writes({ memory: { limit: 100, swap: 200 } }, { swapAccounting: false });
  assert.ok(!memory.some((w) => w.file.includes('memsw')));
});
