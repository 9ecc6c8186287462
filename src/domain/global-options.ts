// Podman's global (persistent) options as plain data: what the CLI parsed, handed to the engine.

export const storageDrivers = ['overlay', 'vfs'] as const;
export type StorageDriverName = (typeof storageDrivers)[number];

export interface GlobalOptions {
  /** --root: graph root. Default /var/lib/berth (root) or ~/.local/share/berth (rootless). */
  root?: string;
  /** --runroot: state that does not survive a reboot. Default /run/berth or $XDG_RUNTIME_DIR/berth. */
  runroot?: string;
  /** --runtime: OCI runtime name or path. Default: the first of crun, runc that works on this host. */
  runtime?: string;
  /** --storage-driver: overlay (default) or vfs; overlay falls back to vfs where it cannot mount. */
  storageDriver?: StorageDriverName;
  /** --cgroup-manager: only cgroupfs is supported. */
  cgroupManager?: 'cgroupfs';
  /** The environment berth reads CONTAINERS_REGISTRIES_CONF, CONTAINERS_CONF, REGISTRY_AUTH_FILE, TMPDIR from. */
  env: NodeJS.ProcessEnv;
  /** argv[0] to re-invoke berth (conmon's exit command): [node, script]. */
  selfCommand: readonly string[];
}
