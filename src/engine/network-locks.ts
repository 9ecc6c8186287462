// The locks networking takes, each behind one named call so a single cross-process lock can
// replace them later without touching the callers. Their semantics are today's: do not change
// them here without changing every caller's reasoning.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineContext } from './engine-context.ts';

/**
 * The nft mutex: a state write transaction around rendering and applying a network's ruleset, so
 * every berth process rebuilding a table takes its turn and renders from the endpoints as they
 * are at that moment. fn must be synchronous (better-sqlite3 transactions cannot await).
 */
export function withNftMutex<T>(ctx: EngineContext, fn: () => T): T {
  return ctx.state.write(fn);
}

/** The DNS files mutex: the same write transaction around reading endpoints and writing the tables (parallel starts never lose an entry). */
export function withDnsFilesMutex<T>(ctx: EngineContext, fn: () => T): T {
  return ctx.state.write(fn);
}

/**
 * The aardvark lock: an exclusive mkdir of <runroot>/networks/aardvark.lock around writing the
 * DNS tables and starting or stopping aardvark-dns (two starts would race for port 53, and a stop
 * decided from an older view must never kill the aardvark another sync has just started). Polls
 * every 10 ms; a lock older than 5 s of waiting is taken to belong to a killed holder and removed.
 */
export async function withAardvarkLock<T>(ctx: EngineContext, fn: () => Promise<T>): Promise<T> {
  mkdirSync(join(ctx.paths.runroot, 'networks'), { recursive: true });
  const lock = join(ctx.paths.runroot, 'networks', 'aardvark.lock');
  for (let waited = 0; ; waited += 10) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 5000) rmSync(lock, { recursive: true, force: true }); // a killed holder
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
