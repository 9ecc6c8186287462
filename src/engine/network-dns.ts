// Keeps aardvark-dns in step with the containers on DNS-enabled networks: one config file per
// network under <runroot>/networks/aardvark, rewritten from the DB under its write lock (so parallel
// starts never lose an entry), then aardvark started, reloaded (SIGHUP) or stopped.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOrReloadAardvark, stopAardvark } from '../host/aardvark.ts';
import { renderAardvarkConfig, type DnsEntry } from '../network/aardvark-config.ts';
import { definitionNetwork } from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import { liveEndpoints } from './container-network.ts';

export function aardvarkDir(ctx: EngineContext): string {
  return join(ctx.paths.runroot, 'networks', 'aardvark');
}

/** Rewrites every DNS network's file (without `excluding`), then starts, reloads or stops aardvark-dns. */
export async function syncDns(ctx: EngineContext, excluding?: string): Promise<void> {
  const dir = aardvarkDir(ctx);
  const usesDns = () => safeList(dir) !== undefined || ctx.state.networks.list().some((record) => record.dnsEnabled);
  if (!usesDns()) return;
  // Files, start and stop under one lock: a stop decided from an older view must never kill the
  // aardvark-dns another sync (this process or another) has just started.
  mkdirSync(join(ctx.paths.runroot, 'networks'), { recursive: true });
  await withStartLock(ctx, async () => {
    const served = ctx.state.write(() => writeDnsFiles(ctx, dir, excluding));
    if (served > 0) await startOrReloadAardvark(dir);
    else if (served === 0) await stopAardvark(dir);
  });
}

/** Returns how many networks are served, or -1 when DNS was never used here (nothing to do). */
function writeDnsFiles(ctx: EngineContext, dir: string, excluding: string | undefined): number {
  const networks = ctx.state.networks
    .list()
    .filter((record) => record.dnsEnabled)
    .map(definitionNetwork);
  const endpoints = liveEndpoints(ctx).filter((entry) => entry.containerId !== excluding);
  const existing = safeList(dir);
  if (existing === undefined && networks.length === 0) return -1;
  mkdirSync(dir, { recursive: true });
  let served = 0;
  for (const network of networks) {
    const entries: DnsEntry[] = endpoints
      .filter((entry) => entry.name === network.name)
      .map((entry) => ({
        containerId: entry.containerId,
        ip: entry.ip,
        names: [entry.containerName, ...(entry.aliases ?? []), entry.containerId.slice(0, 12)],
      }));
    const file = join(dir, network.name);
    if (entries.length === 0) {
      rmSync(file, { force: true });
      continue;
    }
    served++;
    // Written beside the dir and renamed in: aardvark never reads half a file.
    const temp = join(dir, '..', `.${network.name}.tmp`);
    writeFileSync(temp, renderAardvarkConfig(network.gateway, entries));
    renameSync(temp, file);
  }
  // Files of networks removed meanwhile.
  for (const name of existing ?? []) {
    if (name !== 'aardvark.pid' && !networks.some((network) => network.name === name))
      rmSync(join(dir, name), { force: true });
  }
  return served;
}

function safeList(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

/** Two processes starting aardvark at once would race for port 53: an exclusive mkdir lock. */
async function withStartLock<T>(ctx: EngineContext, fn: () => Promise<T>): Promise<T> {
  const lock = join(ctx.paths.runroot, 'networks', 'aardvark.lock');
  for (let waited = 0; ; waited += 10) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 5000) rmSync(lock, { recursive: true, force: true }); // a killed holder
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
