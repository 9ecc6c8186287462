// Keeps the DNS server in step with the containers on DNS-enabled networks: one table per network,
// rewritten from the DB under the DNS files mutex (so parallel starts never lose an entry), then
// the server started, reloaded or stopped, all under the aardvark lock.
import type { DnsEntry } from '../network/aardvark-config.ts';
import type { DnsServer, DnsTable } from '../network/dns-server.ts';
import { definitionNetwork } from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import { withAardvarkLock, withDnsFilesMutex } from './network-locks.ts';
import { liveEndpoints, type LiveEndpoint } from './network-endpoints.ts';

/** Endpoints a sync leaves out: a container's (on every network, or on the one named). */
export interface LeavingEndpoints {
  containerId: string;
  network?: string;
}

/** Rewrites every DNS network's table (without `leaving`), then starts, reloads or stops the server. */
export async function syncDns(
  ctx: EngineContext,
  dns: DnsServer,
  leaving?: LeavingEndpoints,
): Promise<void> {
  if (!dns.configured() && !ctx.state.networks.list().some((record) => record.dnsEnabled)) return;
  // Tables, start and stop under one lock: a stop decided from an older view must never kill the
  // server another sync (this process or another) has just started.
  await withAardvarkLock(ctx, async () => {
    const served = withDnsFilesMutex(ctx, () => writeTables(ctx, dns, leaving));
    if (served > 0) await dns.startOrReload();
    else if (served === 0) await dns.stop();
  });
}

/** Returns how many networks are served, or -1 when DNS was never used here (nothing to do). */
function writeTables(
  ctx: EngineContext,
  dns: DnsServer,
  leaving: LeavingEndpoints | undefined,
): number {
  const networks = ctx.state.networks
    .list()
    .filter((record) => record.dnsEnabled)
    .map(definitionNetwork);
  if (!dns.configured() && networks.length === 0) return -1;
  const endpoints = liveEndpoints(ctx).filter((entry) => !isLeaving(entry, leaving));
  const tables: DnsTable[] = networks
    .map((network) => ({
      network: network.name,
      gateway: network.gateway,
      entries: endpoints
        .filter((entry) => entry.name === network.name)
        .map((entry): DnsEntry => ({
          containerId: entry.containerId,
          ip: entry.ip,
          names: [entry.containerName, ...(entry.aliases ?? []), entry.containerId.slice(0, 12)],
        })),
    }))
    .filter((table) => table.entries.length > 0);
  dns.writeTables(tables);
  return tables.length;
}

function isLeaving(entry: LiveEndpoint, leaving: LeavingEndpoints | undefined): boolean {
  return (
    leaving !== undefined &&
    entry.containerId === leaving.containerId &&
    (leaving.network === undefined || entry.name === leaving.network)
  );
}
