// berth's state database (better-sqlite3, WAL): opening, pragmas, migrations, transactions and
// the typed record repositories. Many short-lived CLI processes share it; opening stays cheap.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { ContainerRecords } from './container-records.ts';
import { ImageRecords } from './image-records.ts';
import { LayerRecords } from './layer-records.ts';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';
import { RowReader } from './row-reader.ts';
import { VolumeRecords } from './volume-records.ts';
import { NetworkRecords } from './network-records.ts';
import { LockRecords } from './lock-records.ts';
import { ExecSessionRecords } from './exec-session-records.ts';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
export const busyTimeoutMs = 30_000;

export interface StateCounts {
  images: number;
  containers: number;
  running: number;
  paused: number;
  /** Everything not running or paused, as podman's `info` counts it. */
  stopped: number;
}

export class SqliteState {
  private imageRecords: ImageRecords | undefined;
  private layerRecords: LayerRecords | undefined;
  private containerRecords: ContainerRecords | undefined;
  private volumeRecords: VolumeRecords | undefined;
  private networkRecords: NetworkRecords | undefined;
  private lockRecords: LockRecords | undefined;
  private execSessionRecords: ExecSessionRecords | undefined;

  private constructor(readonly db: Database.Database) {}

  /** Opens (creating if needed) the database at dbPath and applies pending migrations. */
  static open(dbPath: string, migrations: readonly Migration[] = defaultMigrations): SqliteState {
    let db: Database.Database;
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
      db = new Database(dbPath, { timeout: busyTimeoutMs });
    } catch (cause) {
      throw new BerthError('STORAGE', `opening database ${dbPath}: ${String(cause)}`, { cause });
    }
    try {
      enableWal(db);
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const state = new SqliteState(db);
      state.migrate(migrations);
      return state;
    } catch (cause) {
      db.close();
      throw wrapSqliteError(cause, `opening database ${dbPath}`);
    }
  }

  /** Runs fn in a BEGIN IMMEDIATE transaction (the write lock is taken up front). */
  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (cause) {
      throw wrapSqliteError(cause, 'database write');
    }
  }

  /** Runs fn in a deferred transaction: a consistent snapshot across several reads. */
  read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).deferred();
    } catch (cause) {
      throw wrapSqliteError(cause, 'database read');
    }
  }

  get images(): ImageRecords {
    return (this.imageRecords ??= new ImageRecords(this.db));
  }

  get layers(): LayerRecords {
    return (this.layerRecords ??= new LayerRecords(this.db));
  }

  get containers(): ContainerRecords {
    return (this.containerRecords ??= new ContainerRecords(this.db));
  }

  get networks(): NetworkRecords {
    return (this.networkRecords ??= new NetworkRecords(this.db));
  }

  get locks(): LockRecords {
    return (this.lockRecords ??= new LockRecords(this.db));
  }

  get volumes(): VolumeRecords {
    return (this.volumeRecords ??= new VolumeRecords(this.db));
  }

  get execSessions(): ExecSessionRecords {
    return (this.execSessionRecords ??= new ExecSessionRecords(this.db));
  }

  /** Numbers for `berth info`. */
  counts(): StateCounts {
    const row: unknown = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM images) AS images, count(*) AS total,
           coalesce(sum(state = 'running'), 0) AS running, coalesce(sum(state = 'paused'), 0) AS paused
         FROM containers`,
      )
      .get();
    const r = new RowReader(row, 'counts');
    const containers = r.integer('total');
    const running = r.integer('running');
    const paused = r.integer('paused');
    return {
      images: r.integer('images'),
      containers,
      running,
      paused,
      stopped: containers - running - paused,
    };
  }

  schemaVersion(): number {
    const version: unknown = this.db.pragma('user_version', { simple: true });
    if (typeof version !== 'number')
      throw new BerthError('STORAGE', 'user_version is not a number');
    return version;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Each pending migration runs in its own BEGIN IMMEDIATE transaction that re-reads
   * user_version under the write lock, so concurrent openers of a fresh file apply it once.
   */
  private migrate(migrations: readonly Migration[]): void {
    const latest = migrations.at(-1)?.version ?? 0;
    const current = this.schemaVersion();
    if (current === latest) return;
    if (current > latest) {
      throw new BerthError(
        'STORAGE',
        `database schema version ${current} is newer than this berth supports (${latest})`,
        { hint: 'Use a newer berth with this --root, or a different --root.' },
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      this.db
        .transaction(() => {
          if (this.schemaVersion() >= migration.version) return;
          log.debug(`applying database migration ${migration.version}: ${migration.name}`);
          this.db.exec(migration.sql);
          this.db.pragma(`user_version = ${migration.version}`);
        })
        .immediate();
    }
  }
}

/** BerthErrors pass through; SQLite errors become STORAGE errors carrying the cause. */
function wrapSqliteError(cause: unknown, what: string): unknown {
  if (isBerthError(cause) || !(cause instanceof Database.SqliteError)) return cause;
  const hint =
    cause.code === 'SQLITE_BUSY'
      ? 'Another berth process held the database lock for too long; retry.'
      : undefined;
  return new BerthError('STORAGE', `${what}: ${cause.message}`, {
    cause,
    ...(hint === undefined ? {} : { hint }),
  });
}

/**
 * Switches a new database to WAL. journal_mode persists in the file, so reading it first avoids
 * a lock on every open. Changing it needs an exclusive lock and SQLite answers SQLITE_BUSY at once
 * (no busy handler) while another process opening the same new file holds one: retry, bounded.
 */
function enableWal(db: Database.Database): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 50)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (cause) {
      const busy = (cause as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) throw cause;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
    }
  }
}
