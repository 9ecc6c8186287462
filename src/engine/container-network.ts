// Connects a container to its networks: an address per bridge network from the DB (inside a write
// transaction), then the driver's interfaces in the runtime's netns (before `runtime start`), each
// network's firewall and the DNS names, as a set-up that undoes itself when a step fails, and the
// teardown that mirrors it. Host effects only through the network roles (network-roles.ts).
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import { runEveryStep } from '../lib/every-step.ts';
import { UndoStack } from '../lib/undo-stack.ts';
import { allocateInRange, subnetContains } from '../network/ipam.ts';
import type { BridgeNetwork } from '../network/bridge-network.ts';
import type { Endpoint, NetworkDriver } from '../network/network-driver.ts';
import { randomMac } from '../network/network-definition.ts';
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
import {
  driverEndpoint,
  endpointsOf,
  findNetwork,
  findNetworkOrDefault,
  liveEndpoints,
  type LiveEndpoint,
} from './network-endpoints.ts';
import { syncFirewall } from './network-firewall.ts';
import { syncDns } from './network-dns.ts';
import {
  hostNetworkDriver,
  hostNetworkRoles,
  networkModeOf,
  type NetworkRoles,
} from './network-roles.ts';

export { parsePublish, formatPortMapping } from '../network/port-spec.ts';
export { findNetwork } from './network-endpoints.ts';

/** Refuses host ports something already listens on, in podman's words, before anything starts. */
export async function checkPorts(
  ports: readonly PortMapping[],
  driver: NetworkDriver = hostNetworkDriver('bridge'),
): Promise<void> {
  for (const port of ports) {
    if (await driver.portInUse(port)) throw portTaken(port);
  }
}

/** `port`: the published ports of a running container (stored at create), as podman prints them (`8080/tcp -> 0.0.0.0:8080`). */
export function publishedPorts(ctx: EngineContext, id: string): string[] {
  const record = ctx.state.containers.get(id);
  if (!record || record.state !== 'running') return [];
  return (readContainerConfig(record.config, id).ports ?? [])
    .flatMap(bindingPorts)
    .map(formatPortMapping);
}

function portTaken(port: PortMapping): BerthError {
  return new BerthError(
    'PORT_IN_USE',
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
      'ADDRESS_IN_USE',
      `IPAM error: requested ip address ${requested} is already allocated to container ID ${owner ?? 'gateway'}`,
    );
  return requested;
}

/**
 * Sets up the container's network (its state must already hold its endpoints): the driver's
 * interfaces, then each network's firewall, then DNS. When a step fails, what the earlier steps
 * did is undone at once, newest first, and the addresses are released, before the error is thrown.
 */
export async function attachEndpoints(
  ctx: EngineContext,
  id: string,
  pid: number,
  roles: NetworkRoles = hostNetworkRoles(ctx),
): Promise<void> {
  const record = ctx.state.containers.get(id);
  if (!record) return;
  const data = readStateData(record.stateData, id);
  const driver = roles.driver(networkModeOf(readContainerConfig(record.config, id)));
  const stored = endpointsOf(data);
  const undo = new UndoStack();
  if (stored.length > 0) undo.push(() => releaseEndpoints(ctx, id));
  try {
    const endpoints = stored.map((endpoint) =>
      driverEndpoint(
        findNetwork(ctx, endpoint.name),
        id,
        endpoint,
        endpoint === data.network ? data.network.ports : [],
      ),
    );
    // A driver that fails half-way has removed its own interfaces already.
    await driver.setup(id, pid, endpoints);
    undo.push(() => driver.teardown(id, endpoints));
    for (const network of distinctNetworks(endpoints)) {
      // One atomic batch: a failed apply changed nothing.
      syncFirewall(ctx, roles.firewall, network);
      undo.push(() => syncFirewall(ctx, roles.firewall, network, id));
    }
    if (endpoints.length > 0) {
      // A failed sync may have written the tables already, so its undo is in place first.
      undo.push(() => syncDns(ctx, roles.dns, { containerId: id }));
      await syncDns(ctx, roles.dns);
    }
  } catch (error) {
    await undo.unwind(`the network of container ${id}`);
    throw error;
  }
}

/**
 * The mirror of attachEndpoints: DNS names, then firewall rules, then interfaces; idempotent. Every
 * step runs even when one fails (the first failure is thrown at the end).
 */
export async function detachContainer(
  ctx: EngineContext,
  id: string,
  roles: NetworkRoles = hostNetworkRoles(ctx),
): Promise<void> {
  const record = ctx.state.containers.get(id);
  const data = record ? readStateData(record.stateData, id) : undefined;
  if (!record || !data) return;
  const endpoints = endpointsOf(data).map((endpoint) =>
    driverEndpoint(findNetworkOrDefault(ctx, endpoint.name), id, endpoint, []),
  );
  const driver = roles.driver(modeOfRecord(record.config, id));
  await runEveryStep([
    ...(endpoints.length > 0 ? [() => syncDns(ctx, roles.dns, { containerId: id })] : []),
    ...distinctNetworks(endpoints).map(
      (network) => () => syncFirewall(ctx, roles.firewall, network, id),
    ),
    () => driver.teardown(id, endpoints),
  ]);
}

/** The stored mode; a config that cannot be read is torn down as bridge (its endpoints say what there is). */
function modeOfRecord(config: unknown, id: string): ReturnType<typeof networkModeOf> {
  try {
    return networkModeOf(readContainerConfig(config, id));
  } catch {
    return 'bridge';
  }
}

/** Frees the container's addresses: its state no longer holds endpoints. */
function releaseEndpoints(ctx: EngineContext, id: string): void {
  ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record) return;
    const {
      network: _network,
      extraNetworks: _extra,
      ...rest
    } = readStateData(record.stateData, id);
    ctx.state.containers.updateState(id, record.state, rest);
  });
}

function distinctNetworks(endpoints: readonly Endpoint[]): BridgeNetwork[] {
  const seen = new Map<string, BridgeNetwork>();
  for (const { network } of endpoints) if (!seen.has(network.name)) seen.set(network.name, network);
  return [...seen.values()];
}
