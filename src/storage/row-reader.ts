// Reads one SQLite row (`unknown` from better-sqlite3) column by column with type checks, so
// the typed records never trust the driver's `any`. Throws STORAGE on a malformed row.
import { BerthError } from '../lib/berth-error.ts';

export class RowReader {
  private readonly row: Record<string, unknown>;

  constructor(
    row: unknown,
    private readonly table: string,
  ) {
    if (typeof row !== 'object' || row === null) {
      throw new BerthError('STORAGE', `malformed ${table} row: not an object`);
    }
    this.row = row as Record<string, unknown>;
  }

  text(column: string): string {
    const value = this.row[column];
    if (typeof value !== 'string') throw this.bad(column, 'text');
    return value;
  }

  textOrNull(column: string): string | null {
    const value = this.row[column];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw this.bad(column, 'text or null');
    return value;
  }

  integer(column: string): number {
    const value = this.row[column];
    if (typeof value === 'bigint') return Number(value);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.bad(column, 'integer');
    return value;
  }

  integerOrNull(column: string): number | null {
    const value = this.row[column];
    if (value === null || value === undefined) return null;
    return this.integer(column);
  }

  /** A TEXT column holding JSON, parsed; the owner of the shape guards it further. */
  json(column: string): unknown {
    const text = this.text(column);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new BerthError('STORAGE', `malformed ${this.table}.${column}: invalid JSON`, { cause });
    }
  }

  jsonOrNull(column: string): unknown {
    return this.textOrNull(column) === null ? null : this.json(column);
  }

  private bad(column: string, expected: string): BerthError {
    return new BerthError(
      'STORAGE',
      `malformed ${this.table} row: column ${column} is not ${expected}`,
    );
  }
}
