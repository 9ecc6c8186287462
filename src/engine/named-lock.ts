// berth's one lock discipline across processes: a named lock is a row in the state DB's `locks`
// table, taken in one write transaction, owned by (pid, start time, token) and released on
// dispose. A holder that died (kill -9, a zombie, a reused pid) is noticed and replaced at once,
// never after a timeout. Hold a lock for a state change and its setup or teardown, never across
// a long wait (a stop timeout, a container's run): STYLE.md rule 4.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { isProcessLive, ownStartTime } from '../host/process-alive.ts';
import type { LockOwner } from '../storage/lock-records.ts';
import type { SqliteState } from '../storage/sqlite-state.ts';

/** Longer than any setup or teardown that runs under a lock; a holder past it is reported, not robbed. */
export const lockWaitTimeoutMs = 120_000;

export interface HeldLock extends AsyncDisposable, Disposable {
  readonly name: string;
  release(): void;
}

let processStartTime: number | undefined;

function newOwner(): LockOwner {
  processStartTime ??= ownStartTime();
  return { pid: process.pid, startTime: processStartTime, token: randomBytes(8).toString('hex') };
}

/** Takes the lock now when it is free or its holder is gone; false while a live holder has it. */
export function tryAcquire(state: SqliteState, name: string, owner: LockOwner): boolean {
  return state.write(() => {
    const holder = state.locks.get(name);
    if (
      holder !== undefined &&
      holder.token !== owner.token &&
      isProcessLive(holder.pid, holder.startTime)
    )
      return false;
    if (holder !== undefined)
      log.debug(`lock ${name}: holder pid ${holder.pid} is gone, taking it over`);
    state.locks.put(name, owner, Date.now());
    return true;
  });
}

/** Waits (polling, 2 ms growing to 25 ms) until the lock is ours. */
export async function acquireLock(
  state: SqliteState,
  name: string,
  timeoutMs = lockWaitTimeoutMs,
): Promise<HeldLock> {
  const owner = newOwner();
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 2; !tryAcquire(state, name, owner); delayMs = Math.min(delayMs * 2, 25)) {
    if (Date.now() > deadline) {
      const holder = state.locks.get(name);
      throw new BerthError(
        'LOCK_TIMEOUT',
        `timed out after ${timeoutMs / 1000}s waiting for lock ${name} held by pid ${holder?.pid ?? '?'}`,
      );
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs));
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    state.write(() => state.locks.release(name, owner.token));
  };
  return { name, release, [Symbol.dispose]: release, [Symbol.asyncDispose]: async () => release() };
}

/** The lock every lifecycle change of one container takes. */
export function containerLockName(id: string): string {
  return `container:${id}`;
}
