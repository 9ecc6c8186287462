// Typed access to the `volumes` table (named and anonymous volumes of the local driver). Stores
// rows only: the engine owns the data dirs, mounting and the "in use" policy.
import type Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache } from './statement-cache.ts';

export interface VolumeRecord {
  name: string;
  /** Always `local` today. */
  driver: string;
  /** The host dir that containers bind: <root>/volumes/NAME/_data. */
  mountpoint: string;
  /** RFC 3339 timestamp. */
  created: string;
  labels: Record<string, string>;
  /** `--opt` values: type, device, o; and `anonymous: "true"` for anonymous volumes. */
  options: Record<string, string>;
}

export class VolumeRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Throws NAME_IN_USE when the volume exists. Call inside `state.write`. */
  insert(volume: VolumeRecord): void {
    if (this.get(volume.name))
      throw new BerthError(
        'NAME_IN_USE',
        `volume with name ${volume.name} already exists: volume already exists`,
      );
    this.statements
      .get(
        'INSERT INTO volumes (name, driver, mountpoint, created, labels_json, options_json) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        volume.name,
        volume.driver,
        volume.mountpoint,
        volume.created,
        JSON.stringify(volume.labels),
        JSON.stringify(volume.options),
      );
  }

  get(name: string): VolumeRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM volumes WHERE name = ?').get(name);
    return row === undefined ? undefined : volumeFromRow(row);
  }

  /** Oldest first. */
  list(): VolumeRecord[] {
    const rows: unknown[] = this.statements
      .get('SELECT * FROM volumes ORDER BY created, name')
      .all();
    return rows.map(volumeFromRow);
  }

  /** Returns false when the volume did not exist. */
  delete(name: string): boolean {
    return this.statements.get('DELETE FROM volumes WHERE name = ?').run(name).changes > 0;
  }
}

function volumeFromRow(row: unknown): VolumeRecord {
  const r = new RowReader(row, 'volumes');
  return {
    name: r.text('name'),
    driver: r.text('driver'),
    mountpoint: r.text('mountpoint'),
    created: r.text('created'),
    labels: stringMap(r.json('labels_json')),
    options: stringMap(r.json('options_json')),
  };
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return map;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') map[key] = item;
  return map;
}
