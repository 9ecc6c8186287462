// `network connect` / `disconnect`: a running container gets one more interface (eth1…) with its
// own address, or one less, and firewall and DNS follow; the stored --network list changes too, so
// a stopped container joins or leaves the network at its next start.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import { deleteLink } from '../host/net-apply.ts';
import { allocateInRange } from '../network/ipam.ts';
import { vethName } from '../network/bridge-network.ts';
import { randomMac } from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import {
  applyRuleset,
  attachEndpoint,
  defaultNetwork,
  endpointsOf,
  findNetwork,
  liveEndpoints,
} from './container-network.ts';
import { readContainerConfig, readStateData, type NetworkEndpoint } from './container-model.ts';
import { syncDns } from './network-dns.ts';

export async function connectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
  aliases: string[],
): Promise<void> {
  const network = findNetwork(ctx, networkName);
  const live = ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record)
      throw new BerthError('NO_SUCH_CONTAINER', `no container with name or ID "${id}" found: no such container`);
    if (record.state !== 'running') {
      // Not running: the network joins the stored config and is attached at the next start.
      connectStored(ctx, id, record.config, network.name, aliases);
      return undefined;
    }
    const data = readStateData(record.stateData, id);
    const current = endpointsOf(data);
    if (current.some((entry) => entry.name === network.name))
      throw new BerthError(
        'INVALID_ARGUMENT',
        `container ${id} is already connected to network "${network.name}": network is already connected`,
      );
    const used = new Set([
      network.gateway,
      ...liveEndpoints(ctx)
        .filter((entry) => entry.name === network.name)
        .map((entry) => entry.ip),
    ]);
    const taken = new Set(current.map((entry) => entry.iface ?? 'eth0'));
    let index = 0;
    while (taken.has(`eth${index}`)) index++;
    const added: NetworkEndpoint = {
      name: network.name,
      ip: allocateInRange(network.subnet, used, network.ipRange),
      iface: `eth${index}`,
      mac: randomMac(randomBytes(6)),
      ...(aliases.length > 0 ? { aliases } : {}),
    };
    ctx.state.containers.updateState(id, record.state, {
      ...data,
      extraNetworks: [...(data.extraNetworks ?? []), added],
    });
    // The stored config lists it too, so a restart keeps the network.
    connectStored(ctx, id, record.config, network.name, aliases);
    return { endpoint: added, pid: data.pid };
  });
  ctx.events().networkMember('connect', { id, name: ctx.state.containers.get(id)?.name ?? '' }, network.name);
  if (live === undefined) return;
  if (live.pid === undefined) throw new BerthError('CONTAINER_STATE', `container ${id} has no process`);
  await attachEndpoint(ctx, id, live.endpoint, [], live.pid);
  await syncDns(ctx);
}

/** Adds the network to the container's --network list (the default network when it had none). */
function connectStored(ctx: EngineContext, id: string, rawConfig: unknown, name: string, aliases: string[]): void {
  const config = readContainerConfig(rawConfig, id);
  if (config.network !== 'bridge' || config.networkContainer !== undefined) {
    throw new BerthError('INVALID_ARGUMENT', `container ${id} uses network mode ${config.networkContainer ? `container:${config.networkContainer}` : config.network}: only a bridge-mode container can connect to networks`);
  }
  const networks = config.networks ?? [defaultNetwork(ctx).name];
  if (networks.includes(name)) {
    throw new BerthError('INVALID_ARGUMENT', `container ${id} is already connected to network "${name}": network is already connected`);
  }
  const netOptions = aliases.length > 0 ? { ...config.netOptions, aliases: [...(config.netOptions?.aliases ?? []), ...aliases] } : config.netOptions;
  const next = { ...config, networks: [...networks, name], ...(netOptions ? { netOptions } : {}) };
  ctx.state.containers.updateConfig(id, next);
}

/** Removes the network from the stored --network list; false when it was not there. */
function disconnectStored(ctx: EngineContext, id: string, rawConfig: unknown, name: string): boolean {
  const config = readContainerConfig(rawConfig, id);
  if (config.network !== 'bridge') return false;
  const networks = config.networks ?? [defaultNetwork(ctx).name];
  if (!networks.includes(name)) return false;
  ctx.state.containers.updateConfig(id, { ...config, networks: networks.filter((entry) => entry !== name) });
  return true;
}

export async function disconnectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
): Promise<void> {
  const network = findNetwork(ctx, networkName);
  const removed = ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record)
      throw new BerthError(
        'NO_SUCH_CONTAINER',
        `no container with name or ID "${id}" found: no such container`,
      );
    const stored = disconnectStored(ctx, id, record.config, network.name);
    const data = readStateData(record.stateData, id);
    const found = endpointsOf(data).find((entry) => entry.name === network.name);
    if (!found && stored) return undefined;
    if (!found)
      throw new BerthError(
        'INVALID_ARGUMENT',
        `container ${id} is not connected to network ${network.name}`,
      );
    const next = { ...data };
    if (data.network === found) delete next.network;
    const extra = (data.extraNetworks ?? []).filter((entry) => entry !== found);
    if (extra.length > 0) next.extraNetworks = extra;
    else delete next.extraNetworks;
    ctx.state.containers.updateState(id, record.state, next);
    return found;
  });
  ctx.events().networkMember('disconnect', { id, name: ctx.state.containers.get(id)?.name ?? '' }, network.name);
  if (removed === undefined) return;
  await deleteLink(vethName(id, removed.iface));
  await applyRuleset(ctx, network);
  await syncDns(ctx);
}
