// Typed access to the `containers` table. The engine owns the state machine and the shapes of
// config and state data; this file stores them and enforces only name uniqueness.
import type Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache, hexPrefixRange } from './statement-cache.ts';

export interface ContainerRecord {
  id: string;
  name: string;
  imageId: string | null;
  layerId: string | null;
  /** RFC 3339 timestamp. */
  created: string;
  /** podman's state names: configured, created, running, paused, stopping, stopped, exited… */
  state: string;
  /** The container's configuration, parsed JSON; the engine guards the shape. */
  config: unknown;
  /** Runtime state (pid, exit code, mount point…), parsed JSON; the engine guards the shape. */
  stateData: unknown;
}

export class ContainerRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Throws NAME_IN_USE when another container has the name. Call inside `state.write`. */
  insert(container: ContainerRecord): void {
    const holder = this.getByName(container.name);
    if (holder !== undefined) throw nameInUse(container.name, holder.id);
    this.statements
      .get(
        `INSERT INTO containers (id, name, image_id, layer_id, created, state, config_json, state_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        container.id,
        container.name,
        container.imageId,
        container.layerId,
        container.created,
        container.state,
        JSON.stringify(container.config),
        JSON.stringify(container.stateData ?? {}),
      );
  }

  get(id: string): ContainerRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM containers WHERE id = ?').get(id);
    return row === undefined ? undefined : containerFromRow(row);
  }

  getByName(name: string): ContainerRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM containers WHERE name = ?').get(name);
    return row === undefined ? undefined : containerFromRow(row);
  }

  /** Oldest first. */
  list(): ContainerRecord[] {
    const rows: unknown[] = this.statements
      .get('SELECT * FROM containers ORDER BY created, id')
      .all();
    return rows.map(containerFromRow);
  }

  /** Ids starting with `prefix` (lowercase hex); [] for a non-hex prefix. */
  findIdsByPrefix(prefix: string): string[] {
    const range = hexPrefixRange(prefix);
    if (range === undefined) return [];
    const rows: unknown[] = this.statements
      .get('SELECT id FROM containers WHERE id >= ? AND id < ? ORDER BY id')
      .all(...range);
    return rows.map((row) => new RowReader(row, 'containers').text('id'));
  }

  /** Ids of containers created from the image (for `rmi` checks). */
  idsUsingImage(imageId: string): string[] {
    const rows: unknown[] = this.statements
      .get('SELECT id FROM containers WHERE image_id = ?')
      .all(imageId);
    return rows.map((row) => new RowReader(row, 'containers').text('id'));
  }

  /** Returns false when the container does not exist. */
  updateState(id: string, state: string, stateData: unknown): boolean {
    return (
      this.statements
        .get('UPDATE containers SET state = ?, state_json = ? WHERE id = ?')
        .run(state, JSON.stringify(stateData ?? {}), id).changes > 0
    );
  }

  updateConfig(id: string, config: unknown): boolean {
    return (
      this.statements
        .get('UPDATE containers SET config_json = ? WHERE id = ?')
        .run(JSON.stringify(config), id).changes > 0
    );
  }

  /** Throws NAME_IN_USE when another container has the name. Call inside `state.write`. */
  rename(id: string, name: string): boolean {
    const holder = this.getByName(name);
    if (holder !== undefined && holder.id !== id) throw nameInUse(name, holder.id);
    return (
      this.statements.get('UPDATE containers SET name = ? WHERE id = ?').run(name, id).changes > 0
    );
  }

  delete(id: string): boolean {
    return this.statements.get('DELETE FROM containers WHERE id = ?').run(id).changes > 0;
  }
}

function nameInUse(name: string, holderId: string): BerthError {
  return new BerthError(
    'NAME_IN_USE',
    `the container name "${name}" is already in use by ${holderId}. You have to remove that container to be able to reuse that name: that name is already in use`,
  );
}

function containerFromRow(row: unknown): ContainerRecord {
  const r = new RowReader(row, 'containers');
  return {
    id: r.text('id'),
    name: r.text('name'),
    imageId: r.textOrNull('image_id'),
    layerId: r.textOrNull('layer_id'),
    created: r.text('created'),
    state: r.text('state'),
    config: r.json('config_json'),
    stateData: r.json('state_json'),
  };
}
