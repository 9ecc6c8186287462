// Typed access to the `layers` table. Only rows: the files on disk belong to the layer stores,
// which insert and delete these rows in the same transaction as their renames.
import type Database from 'better-sqlite3';
import { isDigest, type Digest } from '../lib/digest.ts';
import { BerthError } from '../lib/berth-error.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache } from './statement-cache.ts';

export const layerKinds = ['image', 'container'] as const;
export type LayerKind = (typeof layerKinds)[number];

export interface LayerRecord {
  id: string;
  parent: string | null;
  /** Uncompressed tar digest (OCI diffID); null for container layers. */
  diffDigest: Digest | null;
  compressedDigest: Digest | null;
  uncompressedSizeBytes: number | null;
  /** RFC 3339 timestamp. */
  created: string;
  /** The 26-character name of `overlay/l/<shortLink>`. */
  shortLink: string;
  kind: LayerKind;
}

export class LayerRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  insert(layer: LayerRecord): void {
    this.statements
      .get(
        `INSERT INTO layers (id, parent, diff_digest, compressed_digest, uncompressed_size, created,
           short_link, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        layer.id,
        layer.parent,
        layer.diffDigest,
        layer.compressedDigest,
        layer.uncompressedSizeBytes,
        layer.created,
        layer.shortLink,
        layer.kind,
      );
  }

  get(id: string): LayerRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM layers WHERE id = ?').get(id);
    return row === undefined ? undefined : layerFromRow(row);
  }

  list(): LayerRecord[] {
    const rows: unknown[] = this.statements.get('SELECT * FROM layers ORDER BY created, id').all();
    return rows.map(layerFromRow);
  }

  /** The layer and all its ancestors, nearest first. Throws NO_SUCH_LAYER if id is unknown. */
  chain(id: string): LayerRecord[] {
    const rows: unknown[] = this.statements
      .get(
        `WITH RECURSIVE chain(id, depth) AS (
           SELECT ?, 0
           UNION ALL SELECT layers.parent, chain.depth + 1 FROM layers JOIN chain ON layers.id = chain.id
             WHERE layers.parent IS NOT NULL)
         SELECT layers.* FROM chain JOIN layers ON layers.id = chain.id ORDER BY chain.depth`,
      )
      .all(id);
    if (rows.length === 0) throw new BerthError('NO_SUCH_LAYER', `layer not known: ${id}`);
    return rows.map(layerFromRow);
  }

  /** Ids of layers whose parent is `id`. */
  children(id: string): string[] {
    const rows: unknown[] = this.statements.get('SELECT id FROM layers WHERE parent = ?').all(id);
    return rows.map((row) => new RowReader(row, 'layers').text('id'));
  }

  /** All short links, for orphan sweeps. */
  shortLinks(): Set<string> {
    const rows: unknown[] = this.statements.get('SELECT short_link FROM layers').all();
    return new Set(rows.map((row) => new RowReader(row, 'layers').text('short_link')));
  }

  delete(id: string): boolean {
    return this.statements.get('DELETE FROM layers WHERE id = ?').run(id).changes > 0;
  }
}

function layerFromRow(row: unknown): LayerRecord {
  const r = new RowReader(row, 'layers');
  const kind = r.text('kind');
  if (kind !== 'image' && kind !== 'container') {
    throw new BerthError('STORAGE', `malformed layers row: unknown kind ${kind}`);
  }
  return {
    id: r.text('id'),
    parent: r.textOrNull('parent'),
    diffDigest: digestOrNull(r.textOrNull('diff_digest')),
    compressedDigest: digestOrNull(r.textOrNull('compressed_digest')),
    uncompressedSizeBytes: r.integerOrNull('uncompressed_size'),
    created: r.text('created'),
    shortLink: r.text('short_link'),
    kind,
  };
}

export function digestOrNull(value: string | null): Digest | null {
  if (value === null) return null;
  if (!isDigest(value)) throw new BerthError('STORAGE', `malformed digest in state: ${value}`);
  return value;
}
