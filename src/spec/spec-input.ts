// What buildOciSpec needs to know about one container: already-resolved options plus the image
// config. Plain data only; the caller (engine) does every file read, probe and lookup.

import type { OciDevice, OciMount } from './oci-types.ts';

/** The "config" section of an OCI image config (what `podman image inspect` shows as Config). */
export interface ImageConfigSection {
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** The primary gid when a user was named, supplementary groups, then --group-add (deduplicated). */
  additionalGids: number[];
  /** The user's home directory from /etc/passwd: HOME unless set otherwise. */
  home?: string;
}

export interface RlimitSetting {
  /** `nofile` or `RLIMIT_NOFILE` (either form; rendered as RLIMIT_*). */
  type: string;
  soft: number;
  hard: number;
}

/** Host paths of the files the engine generated for the container (bind-mount sources). */
export interface GeneratedFiles {
  /** <rundir>/hosts → /etc/hosts */
  hosts: string;
  /** <rundir>/resolv.conf → /etc/resolv.conf */
  resolvConf: string;
  /** <rundir>/hostname → /etc/hostname */
  hostname: string;
  /** <rundir>/.containerenv → /run/.containerenv */
  containerEnv: string;
  /** <staticdir>/shm (a tmpfs the engine mounted) → /dev/shm */
  shm: string;
}

/** --network: `host` shares the host netns; `path` joins a prepared netns; `none` gets a new empty one. */
export type NetworkNamespace = { mode: 'none' } | { mode: 'host' } | { mode: 'path'; path: string };

/** --security-opt seccomp=…: a moby-style profile (parsed JSON, unvalidated) or unconfined. */
export type SeccompSetting = { profile: unknown; arch: string } | 'unconfined';

export interface SpecInput {
  /** 64 lowercase hex digits. */
  containerId: string;
  /** --hostname; the caller defaults it to the first 12 hex digits of the id. */
  hostname: string;
  /** The mounted overlay `merged` directory (root.path). */
  rootfsPath: string;
  image: ImageConfigSection;
  /** Args after IMAGE on the command line. */
  command: string[];
  /** --entrypoint raw value: a plain string or a JSON array; '' drops the image entrypoint. */
  entrypoint?: string;
  /** -e/--env values in order: KEY=VAL, KEY (copied from hostEnv), PREFIX* (host glob). */
  userEnv: string[];
  /** --env-file contents (already read, as text), in command-line order. */
  envFiles?: string[];
  /** --env-host: copy the whole host environment (default false). */
  envHost?: boolean;
  /** --env-merge KEY=VALUE with ${VAR} expanded against the image/default env. */
  envMerge?: string[];
  /** --unsetenv NAME: drop a default or image variable. */
  unsetEnv?: string[];
  /** --unsetenv-all: drop every default and image variable. */
  unsetEnvAll?: boolean;
  /** The engine's environment, the source of -e KEY, PREFIX*, proxies and --env-host. */
  hostEnv: Record<string, string | undefined>;
  /** --http-proxy (default true): copy *_proxy variables (both cases) from hostEnv. */
  httpProxy: boolean;
  /** containers.conf `env`; default ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"]. */
  defaultEnv: string[];
  /** -w/--workdir; default image WorkingDir, else "/". Existence is the caller's check. */
  workdir?: string;
  /** -u or image USER, already resolved with resolveUser (+ --group-add). */
  user: ResolvedUser;
  /** containers.conf `umask`, default 0o022. */
  umask: number;
  /** -t/--tty (default false). */
  tty: boolean;
  /** containers.conf default_capabilities (11 caps, CAP_-prefixed). */
  capabilities: string[];
  /** --cap-add / --cap-drop (with or without CAP_, any case, or ALL). */
  capAdd: string[];
  capDrop: string[];
  /**
   * The engine's own capability bounding set (host probe). podman keeps only capabilities in it,
   * and --privileged gets exactly it. Default: every capability the kernel headers know.
   */
  boundingSet?: string[];
  /** --privileged (default false). */
  privileged: boolean;
  /** --read-only (default false). */
  readOnly: boolean;
  /** --read-only-tmpfs (default true): with --read-only, tmpfs on /run, /tmp and /var/tmp. */
  readOnlyTmpfs?: boolean;
  /** --ulimit + containers.conf default_ulimits, already clamped to what the engine may set. */
  rlimits: RlimitSetting[];
  /** --pids-limit, containers.conf pids_limit (default 2048); 0 = unlimited (no pids entry). */
  pidsLimit: number;
  /** --sysctl + containers.conf default_sysctls (default {"net.ipv4.ping_group_range": "0 0"}). */
  sysctls: Record<string, string>;
  files: GeneratedFiles;
  network: NetworkNamespace;
  seccomp: SeccompSetting;
  /** --cgroup-parent + id, e.g. /berth_parent/berth-<id> (cgroupfs manager). */
  cgroupsPath: string;
  /** --annotation values; they override berth's defaults. */
  annotations: Record<string, string>;
  /** --security-opt no-new-privileges (default false). */
  noNewPrivileges: boolean;
  /** Default: the list podman 4.3 uses (defaultMaskedPaths/defaultReadonlyPaths in default-mounts.ts); --security-opt mask/unmask. */
  maskedPaths?: string[];
  readonlyPaths?: string[];
  /** RFC3339Nano creation time (annotation io.kubernetes.cri-o.Created). */
  createdAt: string;
  /** --stop-signal; default the image StopSignal, else SIGTERM. Rendered as a number. */
  stopSignal?: string;
  /** --rm (annotation io.podman.annotations.autoremove). */
  autoRemove?: boolean;
  /** -P/--publish-all (annotation io.podman.annotations.publish-all). */
  publishAll?: boolean;
  /** -v/--mount/--tmpfs mounts, appended after the defaults; one on a default destination replaces it. */
  extraMounts?: OciMount[];
  /** --init: this host binary (catatonit) is mounted at /run/podman-init and runs the command as PID 1's child. */
  initPath?: string;
  /**
   * --device nodes (and, for --privileged, every host device node: the CALLER adds those here;
   * this module never scans /dev). Unprivileged: each also gets an rwm allow rule.
   */
  devices?: OciDevice[];
}
