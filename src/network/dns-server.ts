// The DnsServer role: serves container names on DNS-enabled networks (aardvark-dns today). The
// engine decides what is served; the server keeps its tables and its process in step with that.
import type { DnsEntry } from './aardvark-config.ts';

/** One network's names, served on its gateway. */
export interface DnsTable {
  network: string;
  gateway: string;
  entries: DnsEntry[];
}

export interface DnsServer {
  /** True once names were ever served here (tables may exist that a sync must remove). */
  configured(): boolean;
  /**
   * Makes the served tables exactly these (others removed). Synchronous: the engine writes them
   * inside its DNS files mutex, from the state as it is at that moment.
   */
  writeTables(tables: readonly DnsTable[]): void;
  /** Starts the server, or makes the running one re-read its tables. */
  startOrReload(): Promise<void>;
  /** Stops the server; fine when it is not running. */
  stop(): Promise<void>;
}
