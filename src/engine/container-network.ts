// Connects a container to its bridge networks (the default one or user networks): an address per
// network from the DB (inside a write transaction), a veth per network into the runtime's netns
// (configured before `runtime start`), each network's nftables table rebuilt, and its DNS updated.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import {
  deleteLink,
  ipBatch,
  ipBatchInNetns,
  linkExists,
  listNftChains,
  nftApplySync,
  portInUse,
  setSysctl,
} from '../host/net-apply.ts';
import { allocateInRange, subnetContains, subnetString } from '../network/ipam.ts';
import {
  bridgeBatch,
  bridgeNetwork,
  containerSetupBatch,
  hostSetupBatch,
  vethName,
  type BridgeNetwork,
  type NetworkAttachment,
} from '../network/bridge-network.ts';
import { definitionNetwork, randomMac } from '../network/network-definition.ts';
import { deleteTableBatch, renderRuleset } from '../network/nft-ruleset.ts';
import { forwardDropChains, forwardDropMessage } from '../network/forward-policy.ts';
import { log } from '../lib/log.ts';
import type { PortMapping } from '../network/port-spec.ts';
import { bindingPorts, formatPortMapping } from '../network/port-spec.ts';
import type { EngineContext } from './engine-context.ts';
import {
  readContainerConfig,
  readStateData,
  type ContainerConfig,
  type ContainerStateData,
  type NetworkEndpoint,
} from './container-model.ts';
import { syncDns } from './network-dns.ts';

export { parsePublish, formatPortMapping } from '../network/port-spec.ts';

const liveStates = new Set(['created', 'running', 'paused', 'stopping']);

export function defaultNetwork(ctx: EngineContext): BridgeNetwork {
  const conf = ctx.config().network;
  return bridgeNetwork(conf.defaultNetwork, conf.defaultSubnet);
}

/** The network named (`bridge` and the configured default name mean the default network). */
export function findNetwork(ctx: EngineContext, name: string): BridgeNetwork {
  const fallback = defaultNetwork(ctx);
  if (name === 'bridge' || name === fallback.name) return fallback;
  const record =
    ctx.state.networks.get(name) ??
    ctx.state.networks.list().find((network) => network.id.startsWith(name));
  if (!record)
    throw new BerthError(
      'NO_SUCH_NETWORK',
      `unable to find network with name or ID ${name}: network not found`,
    );
  return definitionNetwork(record);
}

/** Every endpoint of a container's state: eth0 first. */
export function endpointsOf(data: ContainerStateData): NetworkEndpoint[] {
  return [...(data.network ? [data.network] : []), ...(data.extraNetworks ?? [])];
}

/** Refuses host ports something already listens on, in podman's words, before anything starts. */
export async function checkPorts(ports: readonly PortMapping[]): Promise<void> {
  for (const port of ports) {
    if (await portInUse(port.hostPort, port.protocol, port.hostIp)) throw portTaken(port);
  }
}

/** `port`: the published ports of a running container (stored at create), as podman prints them (`8080/tcp -> 0.0.0.0:8080`). */
export function publishedPorts(ctx: EngineContext, id: string): string[] {
  const record = ctx.state.containers.get(id);
  if (!record || record.state !== 'running') return [];
  return (readContainerConfig(record.config, id).ports ?? []).flatMap(bindingPorts).map(formatPortMapping);
}

function portTaken(port: PortMapping): BerthError {
  return new BerthError(
    'INVALID_ARGUMENT',
    `cannot listen on the ${port.protocol.toUpperCase()} port: listen ${port.protocol}4 ${port.hostIp}:${port.hostPort}: bind: address already in use`,
  );
}

/** The networks a container joins, in interface order (none outside bridge mode). */
export function containerNetworks(ctx: EngineContext, config: ContainerConfig): BridgeNetwork[] {
  if (config.network.mode !== 'bridge') return [];
  return (config.network.networks ?? ['bridge']).map((name) => findNetwork(ctx, name));
}

/** Allocates an address on every network and records the endpoints on the container, in one write transaction. */
export function allocateEndpoints(
  ctx: EngineContext,
  id: string,
  networks: readonly BridgeNetwork[],
  ports: PortMapping[],
  config: ContainerConfig,
): Pick<ContainerStateData, 'network' | 'extraNetworks'> {
  return ctx.state.write(() => {
    const all = liveEndpoints(ctx).filter((entry) => entry.containerId !== id);
    for (const port of ports) {
      const taken = all.some((entry) =>
        entry.ports.some(
          (other) =>
            other.hostPort === port.hostPort &&
            other.protocol === port.protocol &&
            (other.hostIp === port.hostIp || !other.hostIp || !port.hostIp),
        ),
      );
      // Another container publishes it already (berth does not hold the socket, so ask the DB).
      if (taken) throw portTaken(port);
    }
    const options = config.netOptions ?? {};
    const endpoints = networks.map((network, index): NetworkEndpoint => {
      const requested = index === 0 ? options.ip : undefined;
      const ip = pickAddress(network, all, requested);
      const mac = index === 0 && options.mac ? options.mac : randomMac(randomBytes(6));
      return {
        name: network.name,
        ip,
        iface: `eth${index}`,
        mac,
        ...(options.aliases && network.dnsEnabled ? { aliases: options.aliases } : {}),
      };
    });
    const [first, ...rest] = endpoints;
    const placed = {
      ...(first ? { network: { ...first, ports } } : {}),
      ...(rest.length > 0 ? { extraNetworks: rest } : {}),
    };
    const record = ctx.state.containers.get(id);
    const data = record ? readStateData(record.stateData, id) : {};
    ctx.state.containers.updateState(id, record?.state ?? 'created', { ...data, ...placed });
    return placed;
  });
}

function pickAddress(
  network: BridgeNetwork,
  all: readonly LiveEndpoint[],
  requested: string | undefined,
): string {
  const used = new Map(
    all
      .filter((entry) => entry.name === network.name)
      .map((entry) => [entry.ip, entry.containerId]),
  );
  if (requested === undefined)
    return allocateInRange(
      network.subnet,
      new Set([...used.keys(), network.gateway]),
      network.ipRange,
    );
  if (!subnetContains(network.subnet, requested))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `requested static ip ${requested} not in any subnet on network ${network.name}`,
    );
  const owner = used.get(requested);
  if (owner !== undefined || requested === network.gateway)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `IPAM error: requested ip address ${requested} is already allocated to container ID ${owner ?? 'gateway'}`,
    );
  return requested;
}

/** Sets up every endpoint of the container (its state must already hold them), then firewall and DNS. */
export async function attachEndpoints(ctx: EngineContext, id: string, pid: number): Promise<void> {
  const record = ctx.state.containers.get(id);
  const data = record ? readStateData(record.stateData, id) : {};
  await setSysctl('net.ipv4.ip_forward', '1');
  for (const endpoint of endpointsOf(data)) {
    await attachEndpoint(ctx, id, endpoint, endpoint === data.network ? data.network.ports : [], pid);
  }
  await syncDns(ctx);
}

/** One interface of a created container: the bridge, the veth into its netns, the rules. */
export async function attachEndpoint(ctx: EngineContext, id: string, endpoint: NetworkEndpoint, ports: PortMapping[], pid: number): Promise<void> {
  const network = findNetwork(ctx, endpoint.name);
  await ensureBridge(network);
  const attachment: NetworkAttachment = {
    containerId: id,
    ip: endpoint.ip,
    ports,
    ...(endpoint.iface ? { iface: endpoint.iface } : {}),
    ...(endpoint.mac ? { mac: endpoint.mac } : {}),
  };
  await addVeth(network, attachment, pid);
  await ipBatchInNetns(pid, containerSetupBatch(network, attachment));
  await applyRuleset(ctx, network);
}

/** The veth pair; a stale host end of the same name (a start killed half-way) is removed first. */
export async function addVeth(
  network: BridgeNetwork,
  attachment: NetworkAttachment,
  pid: number,
): Promise<void> {
  try {
    await ipBatch(hostSetupBatch(network, attachment, pid));
  } catch (error) {
    if (!(await linkExists(vethName(attachment.containerId, attachment.iface)))) throw error;
    await deleteLink(vethName(attachment.containerId, attachment.iface));
    await ipBatch(hostSetupBatch(network, attachment, pid));
  }
}

export async function ensureBridge(network: BridgeNetwork): Promise<void> {
  if (await linkExists(network.bridge)) return;
  await ipBatch(bridgeBatch(network), { force: true });
  await setSysctl(`net.ipv4.conf.${network.bridge}.route_localnet`, '1');
  // Checked when the bridge appears (not on every run): a host firewall that drops forwarding.
  const dropping = forwardDropChains(await listNftChains());
  if (dropping.length > 0) log.warn(forwardDropMessage(dropping, subnetString(network.subnet)));
}

/** Removes the container's veths, its rules and DNS names; idempotent. */
export async function detachContainer(ctx: EngineContext, id: string): Promise<void> {
  const record = ctx.state.containers.get(id);
  const data = record ? readStateData(record.stateData, id) : undefined;
  if (!data) return;
  const endpoints = endpointsOf(data);
  for (const endpoint of endpoints) {
    await deleteLink(vethName(id, endpoint.iface));
    await applyRuleset(ctx, findNetworkOrDefault(ctx, endpoint.name), id);
  }
  if (endpoints.length > 0) await syncDns(ctx, id);
}

function findNetworkOrDefault(ctx: EngineContext, name: string): BridgeNetwork {
  try {
    return findNetwork(ctx, name);
  } catch {
    return defaultNetwork(ctx);
  }
}

export async function applyRuleset(
  ctx: EngineContext,
  network: BridgeNetwork,
  excluding?: string,
): Promise<void> {
  // Rendered and applied inside one write transaction: every berth process rebuilding this table
  // takes its turn, and each renders from the endpoints as they are at that moment.
  ctx.state.write(() => {
    const current: NetworkAttachment[] = liveEndpoints(ctx)
      .filter((entry) => entry.name === network.name && entry.containerId !== excluding)
      .map((entry) => ({ containerId: entry.containerId, ip: entry.ip, ports: entry.ports }));
    nftApplySync(current.length > 0 ? renderRuleset(network, current) : deleteTableBatch(network));
  });
}

export interface LiveEndpoint extends NetworkEndpoint {
  containerId: string;
  containerName: string;
  /** Published ports (eth0 only). */
  ports: PortMapping[];
}

/** Every endpoint of every container that holds addresses (created to stopping). */
export function liveEndpoints(
  ctx: EngineContext,
  states: ReadonlySet<string> = liveStates,
): LiveEndpoint[] {
  return ctx.state.containers
    .list()
    .filter((record) => states.has(record.state))
    .flatMap((record) => {
      const data = (record.stateData ?? {}) as ContainerStateData;
      return endpointsOf(data).map((endpoint) => ({
        ...endpoint,
        containerId: record.id,
        containerName: record.name,
        ports: endpoint === data.network ? data.network.ports : [],
      }));
    });
}
