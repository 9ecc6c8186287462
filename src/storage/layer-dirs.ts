// The crash-safe directory protocol both layer stores share: staging dirs named by owner pid and
// start time, publish = rename + row insert in one write transaction, delete = row delete + move to trash.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import type { LayerRecord } from './layer-records.ts';
import type { SqliteState } from './sqlite-state.ts';
import { isProcessLive, readProcessStat } from '../host/process-alive.ts';

export interface PublishHooks {
  /** Runs right after the rename, in the transaction (create links). Must be synchronous. */
  afterRename?: () => void;
  /** Reverts afterRename when a later step fails. */
  undo?: () => void;
  /** Runs after the row insert, in the same transaction (insert the container row). */
  register?: (layer: LayerRecord) => void;
}

const layerIdRe = /^[0-9a-f]{64}$/;

/** Layer ids become directory names: only 64 lowercase hex characters are accepted. */
export function checkLayerId(id: string): void {
  if (!layerIdRe.test(id)) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid layer id "${id}": expected 64 hex characters`,
    );
  }
}

export class LayerDirs {
  readonly stagingRoot: string;

  constructor(
    readonly root: string,
    private readonly state: SqliteState,
  ) {
    this.stagingRoot = join(root, '.staging');
  }

  layerPath(id: string): string {
    return join(this.root, id);
  }

  /**
   * A fresh `.staging/<pid>-<start time>-<random>` dir; cleanup removes it once that process is
   * gone, a zombie, or the pid names a newer process.
   */
  async newStagingDir(): Promise<string> {
    await mkdir(this.stagingRoot, { recursive: true });
    return mkdtemp(join(this.stagingRoot, stagingPrefix()));
  }

  /**
   * Moves stagingDir to `<root>/<id>` and inserts the row, in one write transaction. If an
   * image layer's row exists already, returns it unpublished (the caller drops its staging dir).
   */
  publish(stagingDir: string, record: LayerRecord, hooks: PublishHooks = {}): LayerRecord {
    return this.state.write(() => {
      const existing = this.state.layers.get(record.id);
      if (existing !== undefined && record.kind === 'image') return existing;
      if (existing !== undefined) {
        throw new BerthError('STORAGE', `container layer ${record.id} exists already`);
      }
      if (record.parent !== null && this.state.layers.get(record.parent) === undefined) {
        throw new BerthError('NO_SUCH_LAYER', `layer not known: ${record.parent}`);
      }
      const target = this.layerPath(record.id);
      // A dir without a row is a leftover of a crash between rename and commit.
      if (existsSync(target)) this.trashSync(target);
      renameSync(stagingDir, target);
      try {
        hooks.afterRename?.();
        this.state.layers.insert(record);
        hooks.register?.(record);
      } catch (error) {
        hooks.undo?.();
        renameSync(target, stagingDir);
        throw error;
      }
      return record;
    });
  }

  /** Deletes the row (after `alsoInTransaction`) and moves the dir to the trash, then empties it. */
  async remove(
    id: string,
    alsoInTransaction?: () => void,
    afterDelete?: (layer: LayerRecord) => void,
  ): Promise<void> {
    const trash = this.state.write(() => {
      const layer = this.state.layers.get(id);
      if (layer === undefined) return undefined;
      const children = this.state.layers.children(id);
      if (children.length > 0) {
        throw new BerthError('STORAGE', `layer ${id} is in use by layers ${children.join(', ')}`);
      }
      alsoInTransaction?.();
      deleteRow(this.state, id);
      afterDelete?.(layer);
      const path = this.layerPath(id);
      return existsSync(path) ? this.trashSync(path) : undefined;
    });
    if (trash !== undefined) await rm(trash, { recursive: true, force: true });
  }

  /**
   * Removes staging dirs of dead processes and trash, then (under the write lock, so no
   * publish is half done) layer dirs without a row. `keep` names other entries of the root.
   */
  async cleanup(keep: (name: string) => boolean, sweep?: () => void): Promise<void> {
    const stale = (await readdir(this.stagingRoot).catch(() => [])).filter(isStale);
    const trash = this.state.write(() => {
      const known = new Set(this.state.layers.list().map((layer) => layer.id));
      const moved: string[] = [];
      for (const name of readdirSync(this.root)) {
        if (name.startsWith('.') || keep(name) || known.has(name)) continue;
        log.debug(`removing orphaned layer dir ${join(this.root, name)}`);
        moved.push(this.trashSync(join(this.root, name)));
      }
      sweep?.();
      return moved;
    });
    const paths = [...stale.map((name) => join(this.stagingRoot, name)), ...trash];
    await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })));
  }

  private trashSync(path: string): string {
    mkdirSync(this.stagingRoot, { recursive: true });
    const trashPath = join(this.stagingRoot, `rm-${randomBytes(8).toString('hex')}`);
    renameSync(path, trashPath);
    return trashPath;
  }
}

function deleteRow(state: SqliteState, id: string): void {
  try {
    state.layers.delete(id);
  } catch (cause) {
    if (cause instanceof Database.SqliteError && cause.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new BerthError('STORAGE', `layer ${id} is in use by an image or a container`, {
        cause,
      });
    }
    throw cause;
  }
}

let ownStartTime: number | undefined | null = null;

/** `<pid>-<start time>-`, or `<pid>-` where /proc cannot tell the start time. */
function stagingPrefix(): string {
  if (ownStartTime === null) ownStartTime = readProcessStat(process.pid)?.startTime;
  return ownStartTime === undefined ? `${process.pid}-` : `${process.pid}-${ownStartTime}-`;
}

/**
 * Trash, or a staging dir whose owner is no longer running: gone, a zombie (kill(pid, 0) still
 * succeeds on one) or, when the name holds a start time, a newer process with the same pid.
 */
export function isStale(name: string): boolean {
  if (name.startsWith('rm-')) return true;
  const parts = name.split('-');
  const pid = Number(parts[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  const startTime = parts.length === 3 ? Number(parts[1]) : undefined;
  if (startTime !== undefined && !Number.isInteger(startTime)) return true;
  if (pid === process.pid) {
    stagingPrefix();
    return startTime !== undefined && ownStartTime !== undefined && startTime !== ownStartTime;
  }
  return !isProcessLive(pid, startTime);
}
