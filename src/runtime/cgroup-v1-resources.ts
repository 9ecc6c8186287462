// What berth writes into a container's cgroup v1 directories when it manages cgroups itself (crun
// with --cgroup-manager=disabled on a hybrid host): the OCI spec's linux.resources as v1 control
// files, in the order they must be written. Pure data; host/cgroup-v1.ts writes them.
import type { CgroupWrite } from '../host/cgroup-v1.ts';

/** A runtime-spec linux.resources.devices entry. */
export interface DeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access?: string;
}

export interface CgroupResources {
  devices?: DeviceRule[];
  pids?: { limit: number };
  memory?: { limit?: number; swap?: number };
  cpu?: { quota?: number; period?: number; shares?: number };
}

/** `c 1:3 rwm`, `a *:* rwm`: one devices.allow / devices.deny line. */
export function deviceRuleLine(rule: DeviceRule): string {
  const type = rule.type ?? 'a';
  const major = rule.major === undefined || rule.major < 0 ? '*' : String(rule.major);
  const minor = rule.minor === undefined || rule.minor < 0 ? '*' : String(rule.minor);
  return `${type} ${major}:${minor} ${rule.access ?? 'rwm'}`;
}

/**
 * The devices every container may use whatever its spec says, as runc and crun add them: mknod of
 * any node, and /dev/null, zero, full, random, urandom, tty, console, ptmx, pts/* and net/tun.
 */
export const defaultAllowedDevices: readonly DeviceRule[] = [
  { allow: true, type: 'c', access: 'm' },
  { allow: true, type: 'b', access: 'm' },
  ...[
    [1, 3],
    [1, 5],
    [1, 7],
    [1, 8],
    [1, 9],
    [5, 0],
    [5, 1],
    [5, 2],
    [136, -1],
    [10, 200],
  ].map(
    ([major, minor]) => ({ allow: true, type: 'c', major, minor, access: 'rwm' }) as DeviceRule,
  ),
];

/**
 * The writes for these resources. Devices come first and start from "deny everything" whatever
 * the rules say, so a container never runs with the host's open device list; then the spec's
 * rules, then the devices every container gets. Limits follow:
 * memory before memory+swap (the kernel refuses memsw below memory), the CFS period before the
 * quota.
 */
export function cgroupV1Writes(
  resources: CgroupResources,
  options: { swapAccounting: boolean },
): CgroupWrite[] {
  const writes: CgroupWrite[] = [{ controller: 'devices', file: 'devices.deny', value: 'a' }];
  for (const rule of [...(resources.devices ?? []), ...defaultAllowedDevices]) {
    writes.push({
      controller: 'devices',
      file: rule.allow ? 'devices.allow' : 'devices.deny',
      value: deviceRuleLine(rule),
    });
  }
  const memory = resources.memory;
  if (memory?.limit !== undefined && memory.limit > 0) {
    writes.push({
      controller: 'memory',
      file: 'memory.limit_in_bytes',
      value: String(memory.limit),
    });
    if (options.swapAccounting && memory.swap !== undefined && memory.swap !== 0) {
      writes.push({
        controller: 'memory',
        file: 'memory.memsw.limit_in_bytes',
        value: String(memory.swap),
      });
    }
  }
  const cpu = resources.cpu;
  if (cpu?.shares !== undefined && cpu.shares > 0)
    writes.push({ controller: 'cpu', file: 'cpu.shares', value: String(cpu.shares) });
  if (cpu?.quota !== undefined && cpu.quota > 0) {
    writes.push({
      controller: 'cpu',
      file: 'cpu.cfs_period_us',
      value: String(cpu.period ?? 100_000),
    });
    writes.push({ controller: 'cpu', file: 'cpu.cfs_quota_us', value: String(cpu.quota) });
  }
  if (resources.pids !== undefined && resources.pids.limit > 0) {
    writes.push({ controller: 'pids', file: 'pids.max', value: String(resources.pids.limit) });
  }
  return writes;
}
