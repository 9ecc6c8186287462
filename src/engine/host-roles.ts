// The roles the container lifecycle uses at the host edge: the OCI runtime, the monitor (conmon)
// and the container's own mounts. EngineContext carries one set; the real one drives crun/runc,
// conmon and mount(8), engine/fake-host-roles.ts records what it was asked, so the lifecycle's
// ordering, rollback and cleanup are unit-tested without root. Networking has its own roles.
import {
  killMonitorOf,
  spawnMonitor,
  type MonitorSpawnOptions,
  type SpawnedMonitor,
} from '../host/monitor-spawn.ts';
import { mountShm, unmountPath } from '../host/shm-mount.ts';
import type { OciRuntime } from '../runtime/oci-runtime.ts';
import type { RecordedRuntime } from './container-model.ts';

/** conmon: started with its sync and start pipes; lives on after berth exits. */
export interface Monitor {
  spawn(argv: readonly string[], options: MonitorSpawnOptions): SpawnedMonitor;
  /**
   * Ends the monitor a start left behind when that start was killed before it recorded its run:
   * the pid in pidFile, if it is a live conmon of this container. No error when there is none.
   */
  reap(pidFile: string, containerId: string): Promise<void>;
}

/** The mounts a container's start makes besides its rootfs (the layer store mounts that). */
export interface ContainerMounts {
  mountShm(path: string, sizeBytes: number): Promise<void>;
  /** Idempotent: an unmounted path is fine. */
  unmount(path: string): Promise<void>;
}

export interface HostRoles {
  /** The runtime for this container: the one it was started with (recorded), else the current choice. */
  runtimeFor(id: string, recorded?: RecordedRuntime): Promise<OciRuntime>;
  monitor: Monitor;
  mounts: ContainerMounts;
}

export const conmonMonitor: Monitor = { spawn: spawnMonitor, reap: killMonitorOf };

export const kernelMounts: ContainerMounts = { mountShm, unmount: unmountPath };
