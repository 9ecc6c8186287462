// AardvarkDns: one aardvark-dns process per config directory serving a file per network (rendered
// by aardvark-config.ts; written, started, reloaded and stopped by host/aardvark.ts).
import {
  aardvarkConfigured,
  startOrReloadAardvark,
  stopAardvark,
  writeAardvarkFiles,
} from '../host/aardvark.ts';
import { renderAardvarkConfig } from './aardvark-config.ts';
import type { DnsServer, DnsTable } from './dns-server.ts';

export class AardvarkDns implements DnsServer {
  constructor(private readonly configDir: string) {}

  configured(): boolean {
    return aardvarkConfigured(this.configDir);
  }

  writeTables(tables: readonly DnsTable[]): void {
    writeAardvarkFiles(
      this.configDir,
      tables.map((table) => ({
        name: table.network,
        content: renderAardvarkConfig(table.gateway, table.entries),
      })),
    );
  }

  async startOrReload(): Promise<void> {
    await startOrReloadAardvark(this.configDir);
  }

  stop(): Promise<void> {
    return stopAardvark(this.configDir);
  }
}
