// Connects a container to the default bridge network (podman's default `bridge` mode): an address
// from the subnet, a veth into the container's namespace (created by the runtime, configured
// before `runtime start`), and the network's nftables table rebuilt from the containers on it.
import { BerthError } from '../lib/berth-error.ts';
import { deleteLink, ipBatch, ipBatchInNetns, linkExists, nftApply, portInUse, setSysctl } from '../host/net-apply.ts';
import { allocateAddress } from '../network/ipam.ts';
import { bridgeBatch, bridgeNetwork, containerSetupBatch, hostSetupBatch, vethName, type BridgeNetwork, type NetworkAttachment } from '../network/bridge-network.ts';
import { deleteTableBatch, renderRuleset } from '../network/nft-ruleset.ts';
import type { PortMapping } from '../network/port-spec.ts';

import { formatPortMapping } from '../network/port-spec.ts';

export { parsePublish, formatPortMapping } from '../network/port-spec.ts';
import type { EngineContext } from './engine-context.ts';
import { readStateData, type ContainerStateData } from './container-model.ts';

const liveStates = new Set(['created', 'running', 'paused', 'stopping']);

export function defaultNetwork(ctx: EngineContext): BridgeNetwork {
  const conf = ctx.config().network;
  return bridgeNetwork(conf.defaultNetwork, conf.defaultSubnet);
}

/** Refuses host ports something already listens on, in podman's words, before anything starts. */
export async function checkPorts(ports: readonly PortMapping[]): Promise<void> {
  for (const port of ports) {
    if (await portInUse(port.hostPort, port.protocol, port.hostIp)) {
      throw portTaken(port);
    }
  }
}

/** `port`: the published ports of a running container, as podman prints them (`8080/tcp -> 0.0.0.0:8080`). */
export function publishedPorts(ctx: EngineContext, id: string): string[] {
  const record = ctx.state.containers.get(id);
  if (!record || record.state !== 'running') return [];
  return (readStateData(record.stateData, id).network?.ports ?? []).map(formatPortMapping);
}

function portTaken(port: PortMapping): BerthError {
  return new BerthError('INVALID_ARGUMENT', `cannot listen on the ${port.protocol.toUpperCase()} port: listen ${port.protocol}4 ${port.hostIp}:${port.hostPort}: bind: address already in use`);
}

/** Picks the lowest free address and records it on the container in the same write transaction. */
export function allocateContainerAddress(ctx: EngineContext, id: string, network: BridgeNetwork, ports: PortMapping[]): string {
  return ctx.state.write(() => {
    const current = attachments(ctx, network).filter((attachment) => attachment.containerId !== id);
    for (const port of ports) {
      const taken = current.some((attachment) => attachment.ports.some((other) => other.hostPort === port.hostPort && other.protocol === port.protocol && (other.hostIp === port.hostIp || !other.hostIp || !port.hostIp)));
      // Another container publishes it already (berth does not hold the socket, so ask the DB).
      if (taken) throw portTaken(port);
    }
    const used = new Set(current.map((attachment) => attachment.ip));
    const ip = allocateAddress(network.subnet, used);
    const record = ctx.state.containers.get(id);
    const data = record ? readStateData(record.stateData, id) : {};
    ctx.state.containers.updateState(id, record?.state ?? 'created', { ...data, network: { name: network.name, ip, ports } });
    return ip;
  });
}

export async function attachContainer(ctx: EngineContext, network: BridgeNetwork, attachment: NetworkAttachment, pid: number): Promise<void> {
  if (!(await linkExists(network.bridge))) {
    await ipBatch(bridgeBatch(network), { force: true });
    await setSysctl(`net.ipv4.conf.${network.bridge}.route_localnet`, '1');
  }
  await setSysctl('net.ipv4.ip_forward', '1');
  await ipBatch(hostSetupBatch(network, attachment, pid));
  await ipBatchInNetns(pid, containerSetupBatch(network, attachment));
  await applyRuleset(ctx, network);
}

/** Removes the container's veth and its rules; idempotent. */
export async function detachContainer(ctx: EngineContext, id: string): Promise<void> {
  const record = ctx.state.containers.get(id);
  const data = record ? readStateData(record.stateData, id) : undefined;
  if (!data?.network) return;
  await deleteLink(vethName(id));
  await applyRuleset(ctx, defaultNetwork(ctx), id);
}

async function applyRuleset(ctx: EngineContext, network: BridgeNetwork, excluding?: string): Promise<void> {
  const current = attachments(ctx, network).filter((attachment) => attachment.containerId !== excluding);
  await nftApply(current.length > 0 ? renderRuleset(network, current) : deleteTableBatch(network));
}

function attachments(ctx: EngineContext, network: BridgeNetwork): NetworkAttachment[] {
  return ctx.state.containers
    .list()
    .filter((record) => liveStates.has(record.state))
    .flatMap((record) => {
      const attached = (record.stateData as ContainerStateData | null)?.network;
      return attached && attached.name === network.name ? [{ containerId: record.id, ip: attached.ip, ports: attached.ports }] : [];
    });
}
