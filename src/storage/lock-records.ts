// The `locks` table: named cross-process locks (one per container, one per network…), each row
// naming its owner by pid, start time and a token. Only rows are kept here; whether an owner is
// still alive, and how long to wait, is the engine's lock discipline (engine/named-lock.ts).
import type Database from 'better-sqlite3';
import { RowReader } from './row-reader.ts';
import { StatementCache } from './statement-cache.ts';

export interface LockOwner {
  pid: number;
  /** /proc/PID/stat start time: a reused pid is not the owner. */
  startTime: number;
  /** Tells apart two holders in one process. */
  token: string;
}

export interface LockRow extends LockOwner {
  name: string;
  acquiredMs: number;
}

export class LockRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  get(name: string): LockRow | undefined {
    const row: unknown = this.statements.get('SELECT * FROM locks WHERE name = ?').get(name);
    if (row === undefined) return undefined;
    const r = new RowReader(row, 'lock');
    return {
      name: r.text('name'),
      pid: r.integer('pid'),
      startTime: r.integer('start_time'),
      token: r.text('token'),
      acquiredMs: r.integer('acquired_ms'),
    };
  }

  /** Takes the lock for owner, replacing any row (the caller checked that the old owner is gone). Call inside `state.write`. */
  put(name: string, owner: LockOwner, acquiredMs: number): void {
    this.statements
      .get(
        'INSERT OR REPLACE INTO locks (name, pid, start_time, token, acquired_ms) VALUES (?, ?, ?, ?, ?)',
      )
      .run(name, owner.pid, owner.startTime, owner.token, acquiredMs);
  }

  /** Drops the lock if owner still holds it; false when someone else took it meanwhile. */
  release(name: string, token: string): boolean {
    return (
      this.statements.get('DELETE FROM locks WHERE name = ? AND token = ?').run(name, token)
        .changes > 0
    );
  }
}
