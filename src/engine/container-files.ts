// Writes the files podman bind-mounts into every container: /etc/hosts, /etc/resolv.conf,
// /etc/hostname and /run/.containerenv, from the host's files and the container's identity.
import { mkdir, writeFile } from 'node:fs/promises';
import { readHostFile } from '../host/read-host-file.ts';
import type { ContainerPaths } from './container-model.ts';

export interface ContainerIdentity {
  id: string;
  name: string;
  hostname: string;
}

/** The container's bridge address and the gateway (host.containers.internal), when on a bridge. */
export interface BridgeAddress {
  ip: string;
  gateway: string;
}

export async function writeContainerFiles(paths: ContainerPaths, identity: ContainerIdentity, network: 'none' | 'host' | 'bridge', bridge?: BridgeAddress): Promise<void> {
  await mkdir(paths.bundle, { recursive: true, mode: 0o700 });
  const hostHosts = (await readHostFile('/', '/etc/hosts')) ?? '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';
  const own = bridge ? `${bridge.gateway}\thost.containers.internal host.docker.internal\n${bridge.ip}\t${identity.hostname} ${identity.name}\n` : `127.0.1.1\t${identity.hostname} ${identity.name}\n`;
  const hosts = network === 'host' ? hostHosts : `${withNewline(hostHosts)}${own}`;
  const hostResolv = (await readHostFile('/', '/etc/resolv.conf')) ?? '';
  // A loopback resolver (systemd-resolved's 127.0.0.53) is unreachable from a bridged container.
  const resolv = network === 'bridge' ? withoutLoopbackNameservers(hostResolv) : hostResolv;
  await Promise.all([
    writeFile(paths.hosts, hosts),
    writeFile(paths.resolvConf, resolv),
    writeFile(paths.hostname, `${identity.hostname}\n`),
    writeFile(paths.containerEnv, ''),
  ]);
}

export function withoutLoopbackNameservers(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*nameserver\s+(127\.|::1\s*$)/.test(line))
    .join('\n');
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
