// Setup paired with teardown: each step of a multi-step setup (a container's start: rootfs,
// network, /dev/shm, cgroups, monitor) pushes its undo as soon as it succeeded; a setup that fails
// half-way unwinds exactly what it did, newest first, at once.
import { log } from '../lib/log.ts';
import { messageOf } from '../lib/berth-error.ts';

interface Step {
  label: string;
  undo: () => unknown;
}

export class TeardownStack {
  private readonly steps: Step[] = [];

  /** Records the undo of a step that just succeeded. */
  push(label: string, undo: () => unknown): void {
    this.steps.push({ label, undo });
  }

  /** The labels of the steps done so far, oldest first (for tests and debug logs). */
  get labels(): string[] {
    return this.steps.map((step) => step.label);
  }

  /** Undoes every recorded step, newest first; an undo that fails is logged and the rest still run. */
  async unwind(): Promise<void> {
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        log.warn(`undoing ${step.label}: ${messageOf(error)}`);
      }
    }
  }
}
