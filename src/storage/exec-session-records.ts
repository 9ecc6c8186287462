// Typed access to the `exec_sessions` table: one row per `exec` session of a container. Stores
// rows only: the engine owns the session's conmon, its files and the state transitions. Rows go
// with their container (ON DELETE CASCADE).
import type Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache } from './statement-cache.ts';

/** podman's exec session states: created (not started), running, exited. */
export const execSessionStates = ['created', 'running', 'exited'] as const;
export type ExecSessionState = (typeof execSessionStates)[number];

export interface ExecSessionRecord {
  /** 64 hex characters. */
  id: string;
  containerId: string;
  /** The process's argv. */
  command: string[];
  /** -e values as given (KEY=VAL or KEY). */
  env: string[];
  tty: boolean;
  interactive: boolean;
  privileged: boolean;
  user: string | null;
  workdir: string | null;
  state: ExecSessionState;
  /** Host pid of the exec'd process once running. */
  pid: number | null;
  exitCode: number | null;
  /** RFC 3339 timestamps. */
  created: string;
  started: string | null;
  finished: string | null;
}

export class ExecSessionRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Call inside `state.write`; the container must exist (foreign key). */
  insert(session: ExecSessionRecord): void {
    this.statements
      .get(
        `INSERT INTO exec_sessions (id, container_id, command_json, env_json, tty, interactive, privileged,
           user, workdir, state, pid, exit_code, created, started, finished)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        session.id,
        session.containerId,
        JSON.stringify(session.command),
        JSON.stringify(session.env),
        session.tty ? 1 : 0,
        session.interactive ? 1 : 0,
        session.privileged ? 1 : 0,
        session.user,
        session.workdir,
        session.state,
        session.pid,
        session.exitCode,
        session.created,
        session.started,
        session.finished,
      );
  }

  get(id: string): ExecSessionRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM exec_sessions WHERE id = ?').get(id);
    return row === undefined ? undefined : sessionFromRow(row);
  }

  /** The container's session ids, oldest first (podman's ExecIDs). */
  idsOfContainer(containerId: string): string[] {
    const rows: unknown[] = this.statements
      .get('SELECT id FROM exec_sessions WHERE container_id = ? ORDER BY created, id')
      .all(containerId);
    return rows.map((row) => new RowReader(row, 'exec_sessions').text('id'));
  }

  /** created → running. Returns false when the session is gone or was not `created`. */
  markRunning(id: string, pid: number, started: string): boolean {
    return (
      this.statements
        .get(
          `UPDATE exec_sessions SET state = 'running', pid = ?, started = ? WHERE id = ? AND state = 'created'`,
        )
        .run(pid, started, id).changes > 0
    );
  }

  /** Any state → exited, once: a second report (conmon's exit command after the waiter) changes nothing. */
  markExited(id: string, exitCode: number, finished: string): boolean {
    return (
      this.statements
        .get(
          `UPDATE exec_sessions SET state = 'exited', exit_code = ?, finished = ? WHERE id = ? AND state != 'exited'`,
        )
        .run(exitCode, finished, id).changes > 0
    );
  }

  delete(id: string): boolean {
    return this.statements.get('DELETE FROM exec_sessions WHERE id = ?').run(id).changes > 0;
  }
}

function sessionFromRow(row: unknown): ExecSessionRecord {
  const r = new RowReader(row, 'exec_sessions');
  const state = r.text('state');
  const known = execSessionStates.find((candidate) => candidate === state);
  if (known === undefined)
    throw new BerthError('STORAGE', `malformed exec_sessions row: state ${state}`);
  return {
    id: r.text('id'),
    containerId: r.text('container_id'),
    command: stringList(r.json('command_json')),
    env: stringList(r.json('env_json')),
    tty: r.integer('tty') !== 0,
    interactive: r.integer('interactive') !== 0,
    privileged: r.integer('privileged') !== 0,
    user: r.textOrNull('user'),
    workdir: r.textOrNull('workdir'),
    state: known,
    pid: r.integerOrNull('pid'),
    exitCode: r.integerOrNull('exit_code'),
    created: r.text('created'),
    started: r.textOrNull('started'),
    finished: r.textOrNull('finished'),
  };
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new BerthError('STORAGE', 'malformed exec_sessions row: not a list of strings');
  }
  return value as string[];
}
