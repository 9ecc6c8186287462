// Applies network changes rendered by network/: iproute2 batches on the host and inside a
// container's network namespace, nftables batches, sysctls, and a port-in-use probe.
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn, runCommand } from './command.ts';

export async function ipBatch(
  lines: readonly string[],
  options: { force?: boolean } = {},
): Promise<void> {
  await runCommand(['ip', ...(options.force ? ['-force'] : []), '-batch', '-'], {
    input: `${lines.join('\n')}\n`,
    allowFailure: options.force ?? false,
  });
}

export async function ipBatchInNetns(pid: number, lines: readonly string[]): Promise<void> {
  await runCommand(['nsenter', `--net=/proc/${pid}/ns/net`, 'ip', '-batch', '-'], {
    input: `${lines.join('\n')}\n`,
  });
}

export async function linkExists(name: string): Promise<boolean> {
  return (
    (await runCommand(['ip', 'link', 'show', 'dev', name], { allowFailure: true })).status === 0
  );
}

export async function deleteLink(name: string): Promise<void> {
  await runCommand(['ip', 'link', 'del', 'dev', name], { allowFailure: true });
}

/**
 * `nft -f -` of one batch, blocking: callers render and apply inside one database write
 * transaction, so two processes never apply rulesets rendered from stale views in the wrong order.
 */
export function nftApplySync(batch: string): void {
  const started = performance.now();
  const result = spawnSync('nft', ['-f', '-'], { input: batch, encoding: 'utf8' });
  logSpawn(['nft', '-f', '-'], started, result.status ?? -1);
  if (result.error)
    throw new BerthError('HOST_COMMAND_FAILED', `nft: ${result.error.message}`, {
      cause: result.error,
    });
  if (result.status !== 0)
    throw new BerthError(
      'HOST_COMMAND_FAILED',
      `nft -f -: exit status ${result.status}: ${result.stderr.trim()}`,
    );
}

/** `nft -j list chains`: every table's chains with hook and policy ('' when nft fails). */
export async function listNftChains(): Promise<string> {
  const result = await runCommand(['nft', '-j', 'list', 'chains'], { allowFailure: true });
  return result.status === 0 ? result.stdout : '';
}

/** Writes /proc/sys directly (one file each): cheaper than spawning sysctl. */
export async function setSysctl(key: string, value: string): Promise<void> {
  await writeFile(`/proc/sys/${key.replace(/\./g, '/')}`, value);
}

/** True when something on this host already listens on the port (podman refuses to start then). */
export function portInUse(port: number, protocol: 'tcp' | 'udp', hostIp: string): Promise<boolean> {
  if (protocol === 'udp') return Promise.resolve(false);
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(true));
    server.listen({ port, host: hostIp || '0.0.0.0', exclusive: true }, () =>
      server.close(() => resolvePromise(false)),
    );
  });
}

/** A TCP port the kernel calls free right now (listen on port 0, as podman's GetRandomPort does). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Names of the interfaces enslaved to a bridge (none when the bridge does not exist). */
export async function linksOnBridge(bridge: string): Promise<string[]> {
  const result = await runCommand(['ip', '-json', 'link', 'show', 'master', bridge], {
    allowFailure: true,
  });
  if (result.status !== 0) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout || '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) =>
    typeof item === 'object' && item !== null && 'ifname' in item && typeof item.ifname === 'string'
      ? [item.ifname]
      : [],
  );
}
