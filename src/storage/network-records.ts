// Typed access to the `networks` table (user-defined bridge networks). Stores rows only: the
// engine owns bridges, firewall tables, DNS and the "in use" policy.
import type Database from 'better-sqlite3';
import { BerthError } from '../lib/berth-error.ts';
import { RowReader } from './row-reader.ts';
import { StatementCache } from './statement-cache.ts';

export interface NetworkRecord {
  name: string;
  /** 64 hex characters. */
  id: string;
  /** Always `bridge` today. */
  driver: string;
  /** The host bridge interface (berth1, berth2, …). */
  bridge: string;
  /** IPv4 CIDR. */
  subnet: string;
  gateway: string;
  /** --ip-range: the CIDR addresses are allocated from; absent = the whole subnet. */
  ipRange?: string;
  internal: boolean;
  dnsEnabled: boolean;
  labels: Record<string, string>;
  /** RFC 3339 timestamp. */
  created: string;
}

export class NetworkRecords {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Throws NAME_IN_USE when the name exists. Call inside `state.write`. */
  insert(network: NetworkRecord): void {
    if (this.get(network.name))
      throw new BerthError(
        'NAME_IN_USE',
        `network name ${network.name} already used: network already exists`,
      );
    this.statements
      .get(
        'INSERT INTO networks (name, id, driver, bridge, subnet, gateway, ip_range, internal, dns_enabled, labels_json, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        network.name,
        network.id,
        network.driver,
        network.bridge,
        network.subnet,
        network.gateway,
        network.ipRange ?? null,
        network.internal ? 1 : 0,
        network.dnsEnabled ? 1 : 0,
        JSON.stringify(network.labels),
        network.created,
      );
  }

  get(name: string): NetworkRecord | undefined {
    const row: unknown = this.statements.get('SELECT * FROM networks WHERE name = ?').get(name);
    return row === undefined ? undefined : networkFromRow(row);
  }

  /** Oldest first. */
  list(): NetworkRecord[] {
    const rows: unknown[] = this.statements
      .get('SELECT * FROM networks ORDER BY created, name')
      .all();
    return rows.map(networkFromRow);
  }

  /** Returns false when the network did not exist. */
  delete(name: string): boolean {
    return this.statements.get('DELETE FROM networks WHERE name = ?').run(name).changes > 0;
  }
}

function networkFromRow(row: unknown): NetworkRecord {
  const r = new RowReader(row, 'networks');
  const ipRange = r.textOrNull('ip_range');
  const labels: Record<string, string> = {};
  const raw = r.json('labels_json');
  if (typeof raw === 'object' && raw !== null)
    for (const [key, value] of Object.entries(raw))
      if (typeof value === 'string') labels[key] = value;
  return {
    name: r.text('name'),
    id: r.text('id'),
    driver: r.text('driver'),
    bridge: r.text('bridge'),
    subnet: r.text('subnet'),
    gateway: r.text('gateway'),
    ...(ipRange === null ? {} : { ipRange }),
    internal: r.integer('internal') === 1,
    dnsEnabled: r.integer('dns_enabled') === 1,
    labels,
    created: r.text('created'),
  };
}
