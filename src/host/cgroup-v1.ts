// A container's cgroup v1 directories when berth manages them itself (crun with
// --cgroup-manager=disabled on a hybrid host): one directory per mounted hierarchy at the same
// relative path, the control-file writes runtime/cgroup-v1-resources.ts renders (the runtime's
// create joins them, see OciRuntimeCli.createCommand), the freezer for pause, and removal after
// the container is gone.
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, messageOf } from '../lib/berth-error.ts';

/** One control-file write: `value` into `<controller's dir>/<file>`. */
export interface CgroupWrite {
  controller: string;
  file: string;
  value: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CgroupV1Placement {
  /** @param mounts v1 controller -> mount point; @param relPath e.g. /berth_parent/berth-<id> */
  constructor(
    private readonly mounts: Readonly<Record<string, string>>,
    readonly relPath: string,
  ) {}

  /** One directory per hierarchy (a shared cpu,cpuacct mount counts once). */
  dirs(): string[] {
    return [...new Set(Object.values(this.mounts))].map((mount) => join(mount, this.relPath));
  }

  private dirOf(controller: string): string {
    const mount = this.mounts[controller];
    if (mount === undefined)
      throw new BerthError(
        'HOST_COMMAND_FAILED',
        `the cgroup v1 controller ${controller} is not mounted`,
      );
    return join(mount, this.relPath);
  }

  /** True when the kernel accounts swap (memory.memsw.* exists). */
  async swapAccounting(): Promise<boolean> {
    const mount = this.mounts['memory'];
    if (mount === undefined) return false;
    return readFile(join(mount, 'memory.memsw.limit_in_bytes')).then(
      () => true,
      () => false,
    );
  }

  /** Creates the directories and applies the writes in order; on failure removes what it made. */
  async create(writes: readonly CgroupWrite[]): Promise<void> {
    try {
      for (const dir of this.dirs()) await mkdir(dir, { recursive: true });
      const cpuset = this.mounts['cpuset'];
      if (cpuset !== undefined) await inheritCpuset(cpuset, this.relPath);
      for (const write of writes)
        await writeFile(join(this.dirOf(write.controller), write.file), write.value);
    } catch (error) {
      await this.remove().catch(() => undefined);
      throw new BerthError(
        'HOST_COMMAND_FAILED',
        `setting up the container's cgroups: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  /** Host pids of the processes in the container's cgroup. */
  async pids(): Promise<number[]> {
    const text = await readFile(join(this.dirOf('pids'), 'cgroup.procs'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map(Number);
  }

  async freeze(): Promise<void> {
    await this.setFreezer('FROZEN');
  }

  async thaw(): Promise<void> {
    await this.setFreezer('THAWED');
  }

  private async setFreezer(state: 'FROZEN' | 'THAWED'): Promise<void> {
    const file = join(this.dirOf('freezer'), 'freezer.state');
    await writeFile(file, state);
    // FREEZING becomes FROZEN once every task stopped; the write only starts it.
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await readFile(file, 'utf8')).trim() === state) return;
      await sleep(10);
    }
    throw new BerthError('HOST_COMMAND_FAILED', `the container's freezer did not reach ${state}`);
  }

  /** Removes the directories; waits briefly for exiting tasks (rmdir says EBUSY until they are gone). */
  async remove(): Promise<void> {
    for (const dir of this.dirs()) {
      for (let attempt = 0; ; attempt++) {
        try {
          await rmdir(dir);
          break;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (code !== 'EBUSY' || attempt >= 100)
            throw new BerthError(
              'HOST_COMMAND_FAILED',
              `removing cgroup ${dir}: ${messageOf(error)}`,
              { cause: error },
            );
          await sleep(10);
        }
      }
    }
  }
}

/** A new cpuset cgroup starts with no CPUs and no memory nodes: copy them down from the root. */
async function inheritCpuset(mount: string, relPath: string): Promise<void> {
  let parent = mount;
  for (const part of relPath.split('/').filter(Boolean)) {
    const dir = join(parent, part);
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      if ((await readFile(join(dir, file), 'utf8')).trim() === '') {
        await writeFile(join(dir, file), (await readFile(join(parent, file), 'utf8')).trim());
      }
    }
    parent = dir;
  }
}
