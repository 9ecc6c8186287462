// Reads which networks exist and which container endpoints hold addresses on them, from the state
// DB. Pure queries (no host effects, no writes), shared by attach/detach, connect, DNS and reload.
import { BerthError } from '../lib/berth-error.ts';
import {
  bridgeNetwork,
  type BridgeNetwork,
  type NetworkAttachment,
} from '../network/bridge-network.ts';
import { definitionNetwork } from '../network/network-definition.ts';
import type { Endpoint } from '../network/network-driver.ts';
import type { PortMapping } from '../network/port-spec.ts';
import type { EngineContext } from './engine-context.ts';
import { endpointHoldingStatuses } from './container-transitions.ts';
import type { ContainerStateData, NetworkEndpoint } from './container-model.ts';

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

/** findNetwork, or the default network when the one named was removed meanwhile (teardown). */
export function findNetworkOrDefault(ctx: EngineContext, name: string): BridgeNetwork {
  try {
    return findNetwork(ctx, name);
  } catch {
    return defaultNetwork(ctx);
  }
}

/** Every endpoint of a container's state: eth0 first. */
export function endpointsOf(data: ContainerStateData): NetworkEndpoint[] {
  return [...(data.network ? [data.network] : []), ...(data.extraNetworks ?? [])];
}

/** A stored endpoint as the driver and firewall see it (published ports belong to eth0). */
export function driverEndpoint(
  network: BridgeNetwork,
  containerId: string,
  endpoint: NetworkEndpoint,
  ports: PortMapping[],
): Endpoint {
  const attachment: NetworkAttachment = {
    containerId,
    ip: endpoint.ip,
    ports,
    ...(endpoint.iface ? { iface: endpoint.iface } : {}),
    ...(endpoint.mac ? { mac: endpoint.mac } : {}),
  };
  return { network, attachment };
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
  states: ReadonlySet<string> = endpointHoldingStatuses,
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
