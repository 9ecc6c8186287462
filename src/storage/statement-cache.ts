// Prepares each SQL statement on first use and keeps it for the connection's life, so opening
// the state stays cheap (most CLI calls touch only a few statements).
import type Database from 'better-sqlite3';

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Ids are lowercase hex: a prefix query is a range scan on the primary key. */
export function hexPrefixRange(prefix: string): [string, string] | undefined {
  if (!/^[0-9a-f]+$/.test(prefix)) return undefined;
  return [prefix, `${prefix}g`];
}
