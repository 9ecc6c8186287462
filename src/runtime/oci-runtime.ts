// Drives the OCI runtime binary (runc or crun) for the verbs berth runs itself: start, kill, pause,
// resume, ps, delete, state. conmon runs `create`. Argv is built here; host/command.ts spawns.
import { runCommand } from '../host/command.ts';
import { BerthError } from '../lib/berth-error.ts';

export interface RuntimeState {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

export class OciRuntimeCli {
  constructor(
    readonly path: string,
    /** The runtime's state root (--root), kept under berth's runroot so stores stay apart. */
    readonly stateRoot: string,
  ) {}

  globalArgs(): string[] {
    return ['--root', this.stateRoot];
  }

  async start(id: string): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'start', id]);
  }

  async kill(id: string, signal: number, all = false): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'kill', ...(all ? ['--all'] : []), id, String(signal)]);
  }

  async pause(id: string): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'pause', id]);
  }

  async resume(id: string): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'resume', id]);
  }

  /** Host pids of every process in the container (`ps --format json`). */
  async processIds(id: string): Promise<number[]> {
    const result = await runCommand([this.path, ...this.globalArgs(), 'ps', '--format', 'json', id]);
    const parsed: unknown = JSON.parse(result.stdout.trim() || '[]');
    if (!Array.isArray(parsed) || !parsed.every((pid) => typeof pid === 'number')) {
      throw new BerthError('INTERNAL', `${this.path} ps ${id}: unexpected output`);
    }
    return parsed as number[];
  }

  /** Deletes the runtime's record of the container; a container it never knew is fine. */
  async delete(id: string): Promise<void> {
    await runCommand([this.path, ...this.globalArgs(), 'delete', '--force', id], { allowFailure: true });
  }

  /** The runtime's view, or undefined when it does not know the container. */
  async state(id: string): Promise<RuntimeState | undefined> {
    const result = await runCommand([this.path, ...this.globalArgs(), 'state', id], { allowFailure: true });
    if (result.status !== 0) return undefined;
    const parsed: unknown = JSON.parse(result.stdout);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new BerthError('INTERNAL', `${this.path} state ${id}: unexpected output`);
    }
    const { status, pid } = parsed as { status?: unknown; pid?: unknown };
    const statuses = ['creating', 'created', 'running', 'paused', 'stopped'] as const;
    const known = statuses.find((candidate) => candidate === status);
    if (known === undefined || typeof pid !== 'number') {
      throw new BerthError('INTERNAL', `${this.path} state ${id}: unexpected status ${String(status)}`);
    }
    return { status: known, pid };
  }
}
