// Writes the files podman bind-mounts into every container: /etc/hosts, /etc/resolv.conf,
// /etc/hostname and /run/.containerenv, from the host's files and the container's identity.
import { mkdir, writeFile } from 'node:fs/promises';
import { readHostFile } from '../host/read-host-file.ts';
import type { ContainerNetOptions, ContainerPaths } from './container-model.ts';

export interface ContainerIdentity {
  id: string;
  name: string;
  hostname: string;
}

/** The container's bridge address and the gateway (host.containers.internal), when on a bridge. */
export interface BridgeAddress {
  ip: string;
  gateway: string;
  /** aardvark-dns on the first network's gateway: resolv.conf points there (search dns.podman). */
  dnsServer?: string;
}

export async function writeContainerFiles(
  paths: ContainerPaths,
  identity: ContainerIdentity,
  network: 'none' | 'host' | 'bridge',
  bridge?: BridgeAddress,
  options: ContainerNetOptions = {},
): Promise<void> {
  await mkdir(paths.bundle, { recursive: true, mode: 0o700 });
  const hostHosts =
    (await readHostFile('/', '/etc/hosts')) ??
    '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';
  const added = (options.addHosts ?? []).map((spec) => addHostLine(spec, bridge?.gateway)).join('');
  // Without a bridge the container's own names point at loopback, as podman 4.3 writes them.
  const own = bridge
    ? `${bridge.gateway}\thost.containers.internal host.docker.internal\n${bridge.ip}\t${identity.hostname} ${identity.name}\n`
    : `127.0.0.1\t${identity.hostname} ${identity.name}\n`;
  const copied = hostsEntries(hostHosts);
  const hosts = network === 'host' ? `${copied}${added}` : `${copied}${added}${own}`;
  const hostResolv = (await readHostFile('/', '/etc/resolv.conf')) ?? '';
  // A loopback resolver (systemd-resolved's 127.0.0.53) is unreachable from a bridged container.
  const base = network === 'bridge' ? withoutLoopbackNameservers(hostResolv) : hostResolv;
  const resolv = resolvConf(base, bridge?.dnsServer, options);
  await Promise.all([
    writeFile(paths.hosts, hosts),
    writeFile(paths.resolvConf, resolv),
    writeFile(paths.hostname, `${identity.hostname}\n`),
    writeFile(paths.containerEnv, ''),
  ]);
}

/** The host's /etc/hosts entries rewritten as podman writes them: `IP<tab>name name…`, comments dropped. */
export function hostsEntries(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((fields) => fields.length >= 2 && fields[0] !== '')
    .map(([ip, ...names]) => `${ip}\t${names.join(' ')}\n`)
    .join('');
}

/** --add-host HOST:IP as an /etc/hosts line; `host-gateway` is the bridge gateway (the host). */
function addHostLine(spec: string, gateway: string | undefined): string {
  const at = spec.indexOf(':');
  const host = spec.slice(0, at);
  const ip = spec.slice(at + 1);
  return `${ip === 'host-gateway' ? (gateway ?? '127.0.0.1') : ip}\t${host}\n`;
}

/** podman's resolv.conf: --dns replaces the nameservers, a DNS network puts aardvark first with `search dns.podman`. */
export function resolvConf(
  base: string,
  dnsServer: string | undefined,
  options: ContainerNetOptions,
): string {
  if (!dnsServer && !options.dns && !options.dnsSearch && !options.dnsOptions) return base;
  const lines = base.split('\n');
  const hostServers = lines
    .filter((line) => /^\s*nameserver\s/.test(line))
    .map((line) => line.trim().split(/\s+/)[1] ?? '');
  const hostSearch = lines
    .filter((line) => /^\s*(search|domain)\s/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1));
  const hostOptions = lines
    .filter((line) => /^\s*options\s/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1));
  const servers = options.dns ?? (dnsServer ? [dnsServer] : hostServers);
  const search = options.dnsSearch ?? [...(dnsServer ? ['dns.podman'] : []), ...hostSearch];
  const opts = options.dnsOptions ?? hostOptions;
  return [
    ...(search.length > 0 && !search.includes('.') ? [`search ${search.join(' ')}`] : []),
    ...servers.map((server) => `nameserver ${server}`),
    ...(opts.length > 0 ? [`options ${opts.join(' ')}`] : []),
    '',
  ].join('\n');
}

export function withoutLoopbackNameservers(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*nameserver\s+(127\.|::1\s*$)/.test(line))
    .join('\n');
}
