// podman 4's built-in containers.conf defaults (containers/common pkg/config/default.go) for the
// keys berth reads, with berth's own network name. Data only; no file access.

export const defaultContainerEnv = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'TERM=xterm',
] as const;

/** podman's 11 default capabilities, CAP_-prefixed as containers/common stores them. */
export const defaultCapabilities = [
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
] as const;

const binDirs = (name: string, extra: string[] = []): string[] => [
  `/usr/bin/${name}`,
  `/usr/sbin/${name}`,
  `/usr/local/bin/${name}`,
  `/usr/local/sbin/${name}`,
  `/sbin/${name}`,
  `/bin/${name}`,
  ...extra,
];

export const defaultRuntimes: Record<string, string[]> = {
  crun: binDirs('crun', ['/run/current-system/sw/bin/crun']),
  runc: binDirs('runc', ['/usr/lib/cri-o-runc/sbin/runc', '/run/current-system/sw/bin/runc']),
  runsc: binDirs('runsc', ['/run/current-system/sw/bin/runsc']),
  kata: binDirs('kata-runtime', ['/usr/bin/kata-qemu', '/usr/bin/kata-fc']),
  krun: ['/usr/bin/krun', '/usr/local/bin/krun'],
};

export const defaultConmonPaths = [
  '/usr/libexec/podman/conmon',
  '/usr/local/libexec/podman/conmon',
  '/usr/local/lib/podman/conmon',
  '/usr/bin/conmon',
  '/usr/sbin/conmon',
  '/usr/local/bin/conmon',
  '/usr/local/sbin/conmon',
  '/run/current-system/sw/bin/conmon',
];

export const defaultHelperBinariesDirs = [
  '/usr/local/libexec/podman',
  '/usr/local/lib/podman',
  '/usr/libexec/podman',
  '/usr/lib/podman',
];

export const seccompDefaultPath = '/usr/share/containers/seccomp.json';
export const seccompOverridePath = '/etc/containers/seccomp.json';

/** berth's default network (podman's is "podman"); containers.conf can still name another. */
export const defaultNetworkName = 'berth';
export const defaultSubnet = '10.88.0.0/16';
