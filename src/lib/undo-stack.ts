// The undo half of a multi-step set-up: each completed step pushes how to undo itself; when a
// later step fails, unwind() runs the undos newest first and only logs their own failures, so
// the caller rethrows the error that started it.
import { messageOf } from './berth-error.ts';
import { log } from './log.ts';

export class UndoStack {
  private readonly steps: (() => unknown)[] = [];

  push(undo: () => unknown): void {
    this.steps.push(undo);
  }

  /** Runs every undo, newest first; `what` names the set-up in the warning an undo failure logs. */
  async unwind(what: string): Promise<void> {
    for (const undo of this.steps.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        log.warn(`undoing ${what}: ${messageOf(error)}`);
      }
    }
  }
}
