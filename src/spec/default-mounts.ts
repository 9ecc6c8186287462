// The mounts every container gets (reference §3, exact order and options as podman 4.3 writes
// them), --read-only's tmpfs mounts, and user mounts appended after. Data only.

import type { OciMount } from './oci-types.ts';
import type { GeneratedFiles } from './spec-input.ts';

/** Observed podman 4.3.1 linux.maskedPaths (reference §4); empty with --privileged. */
export const defaultMaskedPaths = [
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/fs/selinux',
  '/sys/dev/block',
] as const;

/** Observed podman 4.3.1 linux.readonlyPaths (reference §4); empty with --privileged. */
export const defaultReadonlyPaths = [
  '/proc/asound',
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
] as const;

const bindOptions = ['bind', 'rprivate'];

function bind(destination: string, source: string, extra: string[] = []): OciMount {
  return { destination, type: 'bind', source, options: [...bindOptions, ...extra] };
}

/** The base mounts: /sys and /sys/fs/cgroup are rw only with --privileged. */
export function baseMounts(files: GeneratedFiles, privileged: boolean): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'noexec', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/sys',
      type: 'sysfs',
      source: 'sysfs',
      options: privileged
        ? ['rprivate', 'nosuid', 'noexec', 'nodev', 'rw']
        : ['nosuid', 'noexec', 'nodev', 'ro'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    {
      destination: '/dev/mqueue',
      type: 'mqueue',
      source: 'mqueue',
      options: ['nosuid', 'noexec', 'nodev'],
    },
    bind('/etc/resolv.conf', files.resolvConf),
    bind('/etc/hosts', files.hosts),
    bind('/dev/shm', files.shm, ['nosuid', 'noexec', 'nodev']),
    bind('/run/.containerenv', files.containerEnv),
    bind('/etc/hostname', files.hostname),
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['rprivate', 'nosuid', 'noexec', 'nodev', 'relatime', privileged ? 'rw' : 'ro'],
    },
  ];
}

/** --read-only with --read-only-tmpfs: writable tmpfs on /run, /tmp, /var/tmp (podman's options). */
export function readOnlyTmpfsMounts(): OciMount[] {
  return ['/run', '/tmp', '/var/tmp'].map((destination) => ({
    destination,
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup'],
  }));
}

/**
 * Base mounts, then the read-only tmpfs mounts, then user mounts in order. A later mount on the
 * same destination replaces the earlier one (podman lets -v/--tmpfs override /etc/hosts, /dev/shm…).
 */
export function containerMounts(
  base: OciMount[],
  readOnlyTmpfs: OciMount[],
  extra: readonly OciMount[],
): OciMount[] {
  const all = [...base, ...readOnlyTmpfs, ...extra];
  const last = new Map(
    all.map((mount, index) => [mount.destination.replace(/\/+$/, '') || '/', index]),
  );
  return all.filter(
    (mount, index) => last.get(mount.destination.replace(/\/+$/, '') || '/') === index,
  );
}
