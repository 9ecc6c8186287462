// Typed access to the `images` and `image_names` tables: rows and name lookups only. Resolving
// user input (short names, ID prefixes, ambiguity) is domain policy and lives in domain/local.
import type Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { isDigest, type Digest } from '../lib/digest.ts';
import { digestOrNull } from './layer-records.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache, hexPrefixRange } from './statement-cache.ts';

export interface ImageRecord {
  /** sha256 hex of the config blob. */
  id: string;
  topLayer: string | null;
  configDigest: Digest;
  manifestDigest: Digest | null;
  manifestMediaType: string | null;
  /** RFC 3339 timestamp. */
  created: string;
  sizeBytes: number;
  /** The image config, parsed JSON; its owner (image/) guards the shape. */
  config: unknown;
  manifest: unknown;
  /** Names (`registry/repo:tag`, `repo@digest`) in the order they were added. */
  names: string[];
}

export class ImageRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Inserts the image and its names; a name held by another image moves to this one. */
  insert(image: ImageRecord): void {
    this.statements
      .get(
        `INSERT INTO images (id, top_layer, config_digest, manifest_digest, manifest_media_type,
           created, size_bytes, config_json, manifest_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        image.id,
        image.topLayer,
        image.configDigest,
        image.manifestDigest,
        image.manifestMediaType,
        image.created,
        image.sizeBytes,
        JSON.stringify(image.config),
        image.manifest === null || image.manifest === undefined
          ? null
          : JSON.stringify(image.manifest),
      );
    for (const name of image.names) this.addName(image.id, name);
  }

  get(id: string): ImageRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM images WHERE id = ?').get(id);
    return row === undefined ? undefined : this.withNames(row);
  }

  list(): ImageRecord[] {
    const rows: unknown[] = this.statements.get('SELECT * FROM images ORDER BY created, id').all();
    const names = this.allNames();
    return rows.map((row) => imageFromRow(row, names.get(new RowReader(row, 'images').text('id'))));
  }

  /** Ids starting with `prefix` (lowercase hex); [] for a non-hex prefix. */
  findImageIdsByPrefix(prefix: string): string[] {
    const range = hexPrefixRange(prefix);
    if (range === undefined) return [];
    const rows: unknown[] = this.statements
      .get('SELECT id FROM images WHERE id >= ? AND id < ? ORDER BY id')
      .all(...range);
    return rows.map((row) => new RowReader(row, 'images').text('id'));
  }

  /** The image holding exactly this name (no normalisation here). */
  findImageByName(name: string): ImageRecord | undefined {
    const row: unknown = this.statements
      .get(
        'SELECT images.* FROM image_names JOIN images ON images.id = image_names.image_id WHERE name = ?',
      )
      .get(name);
    return row === undefined ? undefined : this.withNames(row);
  }

  /** Gives `name` to the image, taking it from any other image (podman tag semantics). */
  addName(imageId: string, name: string): void {
    this.statements
      .get(
        `INSERT INTO image_names (name, image_id, added) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id, added = excluded.added
         WHERE image_id <> excluded.image_id`,
      )
      .run(name, imageId, new Date().toISOString());
  }

  removeName(name: string): boolean {
    return this.statements.get('DELETE FROM image_names WHERE name = ?').run(name).changes > 0;
  }

  names(imageId: string): string[] {
    const rows: unknown[] = this.statements
      .get('SELECT name FROM image_names WHERE image_id = ? ORDER BY added, rowid')
      .all(imageId);
    return rows.map((row) => new RowReader(row, 'image_names').text('name'));
  }

  /** Deletes the image row (its names cascade). Throws if a container still uses it. */
  delete(id: string): boolean {
    return this.statements.get('DELETE FROM images WHERE id = ?').run(id).changes > 0;
  }

  count(): number {
    const row: unknown = this.statements.get('SELECT count(*) AS n FROM images').get();
    return new RowReader(row, 'images').integer('n');
  }

  private withNames(row: unknown): ImageRecord {
    return imageFromRow(row, this.names(new RowReader(row, 'images').text('id')));
  }

  private allNames(): Map<string, string[]> {
    const rows: unknown[] = this.statements
      .get('SELECT name, image_id FROM image_names ORDER BY added, rowid')
      .all();
    const byImage = new Map<string, string[]>();
    for (const row of rows) {
      const r = new RowReader(row, 'image_names');
      const id = r.text('image_id');
      const list = byImage.get(id) ?? [];
      list.push(r.text('name'));
      byImage.set(id, list);
    }
    return byImage;
  }
}

function imageFromRow(row: unknown, names: string[] = []): ImageRecord {
  const r = new RowReader(row, 'images');
  const configDigest = r.text('config_digest');
  if (!isDigest(configDigest)) {
    throw new BerthError('STORAGE', `malformed images row: config_digest ${configDigest}`);
  }
  return {
    id: r.text('id'),
    topLayer: r.textOrNull('top_layer'),
    configDigest,
    manifestDigest: digestOrNull(r.textOrNull('manifest_digest')),
    manifestMediaType: r.textOrNull('manifest_media_type'),
    created: r.text('created'),
    sizeBytes: r.integer('size_bytes'),
    config: r.json('config_json'),
    manifest: r.jsonOrNull('manifest_json'),
    names,
  };
}
