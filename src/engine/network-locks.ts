// The locks networking takes, each behind one named call. berth's one lock discipline across
// processes: the state DB arbitrates. A synchronous critical section (render and apply a
// ruleset, write the DNS tables) is a write transaction; an asynchronous one (aardvark's start
// and stop) holds a named lock row (named-lock.ts). Both end with their holder, even a killed one.
import type { EngineContext } from './engine-context.ts';
import { acquireLock } from './named-lock.ts';

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
 * The aardvark lock: a named lock around writing the DNS tables and starting or stopping
 * aardvark-dns (two starts would race for port 53, and a stop decided from an older view must
 * never kill the aardvark another sync has just started). A killed holder is noticed at once
 * (named-lock.ts); a live one is never robbed, however long it takes.
 */
export async function withAardvarkLock<T>(ctx: EngineContext, fn: () => Promise<T>): Promise<T> {
  await using _lock = await acquireLock(ctx.state, 'aardvark');
  return await fn();
}
