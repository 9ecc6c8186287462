// Recording fakes of the lifecycle's host roles (OCI runtime, conmon, mounts) for unit tests:
// each call is appended to one shared log as "role.verb", and any step can be told to fail, so
// a test asserts the order of setup and teardown without root, crun or conmon.
import type { SpawnedMonitor } from '../host/monitor-spawn.ts';
import type { CgroupResources } from '../runtime/cgroup-v1-resources.ts';
import type { OciRuntime, RuntimeState } from '../runtime/oci-runtime.ts';
import type { HostRoles } from './host-roles.ts';

export class HostCallLog {
  readonly calls: string[] = [];
  /** Steps ("runtime.start", "mounts.mountShm"…) that throw when called. */
  readonly failing = new Set<string>();

  record(step: string): void {
    this.calls.push(step);
    if (this.failing.has(step)) throw new Error(`${step} failed (fake)`);
  }

  count(step: string): number {
    return this.calls.filter((call) => call === step).length;
  }
}

export class RecordingRuntime implements OciRuntime {
  readonly path = '/fake/crun';
  constructor(private readonly log: HostCallLog) {}
  createCommand(): { runtimePath: string; runtimeArgs: string[] } {
    return { runtimePath: this.path, runtimeArgs: [] };
  }
  execCommand(): { runtimePath: string; runtimeArgs: string[] } {
    return { runtimePath: this.path, runtimeArgs: [] };
  }
  async prepareCgroups(_id: string, _resources: CgroupResources): Promise<void> {
    this.log.record('runtime.prepareCgroups');
  }
  async removeCgroups(): Promise<void> {
    this.log.record('runtime.removeCgroups');
  }
  async start(): Promise<void> {
    this.log.record('runtime.start');
  }
  async kill(_id: string, signal: number): Promise<void> {
    this.log.record(`runtime.kill ${signal}`);
  }
  async pause(): Promise<void> {
    this.log.record('runtime.pause');
  }
  async resume(): Promise<void> {
    this.log.record('runtime.resume');
  }
  async processIds(): Promise<number[]> {
    return [];
  }
  async delete(): Promise<void> {
    this.log.record('runtime.delete');
  }
  async state(): Promise<RuntimeState | undefined> {
    return undefined;
  }
}

/** Host roles whose monitor reports `containerPid` as the container's process (use a live pid: the test's own). */
export function recordingHostRoles(log: HostCallLog, containerPid = process.pid): HostRoles {
  const runtime = new RecordingRuntime(log);
  return {
    runtimeFor: async () => runtime,
    monitor: {
      spawn: (): SpawnedMonitor => {
        log.record('monitor.spawn');
        return {
          firstSyncMessage: Promise.resolve({ data: containerPid }),
          nextSyncMessage: () => Promise.reject(new Error('no further sync message (fake)')),
          parentExited: Promise.resolve(),
          start: () => undefined,
          release: () => undefined,
        };
      },
      reap: async () => log.record('monitor.reap'),
    },
    mounts: {
      mountShm: async () => log.record('mounts.mountShm'),
      unmount: async () => log.record('mounts.unmount'),
    },
  };
}
