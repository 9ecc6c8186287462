// Drives the OCI runtime binary (runc or crun) for the verbs berth runs itself: start, kill, pause,
// resume, ps, delete, state. conmon runs `create`. Argv is built here; host/command.ts spawns.
// When berth manages cgroups itself (crun on a hybrid host), the runtime gets
// --cgroup-manager=disabled and the cgroup work (placement, freezer, process list) goes to the
// container's CgroupV1Placement instead. crun checks the cgroup mode before it looks at the
// manager and refuses a hybrid host even then, so its `create` runs in a private mount namespace
// where the cgroup2 mount is gone (crun sees a v1 host); its other verbs never check.
import { runCommand } from '../host/command.ts';
import type { CgroupV1Placement } from '../host/cgroup-v1.ts';
import { BerthError } from '../lib/berth-error.ts';
import { cgroupV1Writes, type CgroupResources } from './cgroup-v1-resources.ts';

export interface RuntimeState {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

/**
 * The OCI runtime role (crun, runc) as the engine uses it; OciRuntimeCli drives the real binary,
 * engine/fake-host-roles.ts records calls for unit tests.
 */
export interface OciRuntime {
  readonly path: string;
  /** What conmon runs as `runtime create` (the runtime binary and its global arguments). */
  createCommand(id: string): { runtimePath: string; runtimeArgs: string[] };
  /** What conmon runs as `runtime exec` (joining berth's cgroups first when berth manages them). */
  execCommand(id: string): { runtimePath: string; runtimeArgs: string[] };
  prepareCgroups(id: string, resources: CgroupResources): Promise<void>;
  removeCgroups(id: string): Promise<void>;
  start(id: string): Promise<void>;
  kill(id: string, signal: number, all?: boolean): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  processIds(id: string): Promise<number[]>;
  /** delete --force; no error when the runtime has no such container. */
  delete(id: string): Promise<void>;
  state(id: string): Promise<RuntimeState | undefined>;
}

export class OciRuntimeCli implements OciRuntime {
  constructor(
    readonly path: string,
    /** The runtime's state root (--root), kept under berth's runroot so stores stay apart. */
    readonly stateRoot: string,
    /** Set when berth manages cgroups: the placement of a container by ID, and the cgroup2 mount to hide from create. */
    private readonly berthCgroups?: {
      placement: (id: string) => CgroupV1Placement;
      unifiedMount: string;
    },
  ) {}

  private get cgroups(): ((id: string) => CgroupV1Placement) | undefined {
    return this.berthCgroups?.placement;
  }

  /**
   * What conmon runs as the runtime for `create`: the runtime itself, or (berth's cgroups) a shell
   * in a new mount namespace that joins the container's cgroups, hides the cgroup2 mount and
   * becomes the runtime. Joining before create matters: the runtime mounts the cgroups it is in
   * at the container's /sys/fs/cgroup, so the container sees its own limits there.
   */
  createCommand(id: string): { runtimePath: string; runtimeArgs: string[] } {
    if (!this.berthCgroups) return { runtimePath: this.path, runtimeArgs: this.globalArgs() };
    const hide = `${this.joinCgroups(id)}umount -l ${this.berthCgroups.unifiedMount} && exec "$0" "$@"`;
    return {
      runtimePath: '/usr/bin/unshare',
      runtimeArgs: [
        '--mount',
        '--propagation',
        'slave',
        '/bin/sh',
        '-c',
        hide,
        this.path,
        ...this.globalArgs(),
      ],
    };
  }

  /**
   * What conmon runs as the runtime for an exec session (`… exec --process … ID`). With berth's
   * cgroups the runtime does not put the process in the container's cgroups, so a shell joins them
   * first and then becomes the runtime: the process and everything it starts count against the
   * container's limits.
   */
  execCommand(id: string): { runtimePath: string; runtimeArgs: string[] } {
    if (!this.berthCgroups) return { runtimePath: this.path, runtimeArgs: this.globalArgs() };
    return {
      runtimePath: '/bin/sh',
      runtimeArgs: ['-c', `${this.joinCgroups(id)}exec "$0" "$@"`, this.path, ...this.globalArgs()],
    };
  }

  /** Shell that moves itself into each of the container's cgroups (status 125 if one refuses). */
  private joinCgroups(id: string): string {
    return (this.cgroups?.(id).dirs() ?? [])
      .map((dir) => `echo $$ > ${dir}/cgroup.procs || exit 125; `)
      .join('');
  }

  globalArgs(): string[] {
    return ['--root', this.stateRoot, ...(this.cgroups ? ['--cgroup-manager=disabled'] : [])];
  }

  /**
   * Before create, when berth manages cgroups: makes the container's cgroups with the spec's
   * limits and device rules (createCommand joins them). Nothing when the runtime does it.
   */
  async prepareCgroups(id: string, resources: CgroupResources): Promise<void> {
    if (!this.cgroups) return;
    const placement = this.cgroups(id);
    await placement.create(
      cgroupV1Writes(resources, { swapAccounting: await placement.swapAccounting() }),
    );
  }

  /** After delete: removes the cgroups berth made (the runtime removes its own). */
  async removeCgroups(id: string): Promise<void> {
    await this.cgroups?.(id).remove();
  }

  async start(id: string): Promise<void> {
    // Not NOTIFY_SOCKET: crun would proxy it into the container (--sdnotify=container, which berth
    // does not do) and fails when its notify dir is missing; berth notifies itself (conmon mode).
    const { NOTIFY_SOCKET: _notify, ...env } = process.env;
    await runCommand([this.path, ...this.globalArgs(), 'start', id], { env });
  }

  async kill(id: string, signal: number, all = false): Promise<void> {
    await runCommand([
      this.path,
      ...this.globalArgs(),
      'kill',
      ...(all ? ['--all'] : []),
      id,
      String(signal),
    ]);
  }

  async pause(id: string): Promise<void> {
    if (this.cgroups) return this.cgroups(id).freeze();
    await runCommand([this.path, ...this.globalArgs(), 'pause', id]);
  }

  async resume(id: string): Promise<void> {
    if (this.cgroups) return this.cgroups(id).thaw();
    await runCommand([this.path, ...this.globalArgs(), 'resume', id]);
  }

  /** Host pids of every process in the container (`ps --format json`). */
  async processIds(id: string): Promise<number[]> {
    if (this.cgroups) return this.cgroups(id).pids();
    const result = await runCommand([
      this.path,
      ...this.globalArgs(),
      'ps',
      '--format',
      'json',
      id,
    ]);
    const parsed: unknown = JSON.parse(result.stdout.trim() || '[]');
    if (!Array.isArray(parsed) || !parsed.every((pid) => typeof pid === 'number')) {
      throw new BerthError('INTERNAL', `${this.path} ps ${id}: unexpected output`);
    }
    return parsed as number[];
  }

  /** Deletes the runtime's record of the container; a container it never knew is fine. */
  async delete(id: string): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'delete', '--force', id], {
      allowFailure: true,
    });
  }

  /** The runtime's view, or undefined when it does not know the container. */
  async state(id: string): Promise<RuntimeState | undefined> {
    const result = await runCommand([this.path, ...this.globalArgs(), 'state', id], {
      allowFailure: true,
    });
    if (result.status !== 0) return undefined;
    const parsed: unknown = JSON.parse(result.stdout);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new BerthError('INTERNAL', `${this.path} state ${id}: unexpected output`);
    }
    const { status, pid } = parsed as { status?: unknown; pid?: unknown };
    const statuses = ['creating', 'created', 'running', 'paused', 'stopped'] as const;
    const known = statuses.find((candidate) => candidate === status);
    if (known === undefined || typeof pid !== 'number') {
      throw new BerthError(
        'INTERNAL',
        `${this.path} state ${id}: unexpected status ${String(status)}`,
      );
    }
    return { status: known, pid };
  }
}
