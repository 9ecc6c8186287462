// `network connect` / `disconnect`: a running container gets one more interface (eth1…) with its
// own address, or one less, and firewall and DNS follow; the stored --network list changes too, so
// a stopped container joins or leaves the network at its next start.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import { runEveryStep } from '../lib/every-step.ts';
import { UndoStack } from '../lib/undo-stack.ts';
import { allocateInRange } from '../network/ipam.ts';
import { randomMac } from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import {
  defaultNetwork,
  driverEndpoint,
  endpointsOf,
  findNetwork,
  liveEndpoints,
} from './network-endpoints.ts';
import {
  networkModeName,
  readContainerConfig,
  readStateData,
  type NetworkEndpoint,
} from './container-model.ts';
import { syncFirewall } from './network-firewall.ts';
import { syncDns } from './network-dns.ts';
import { hostNetworkRoles, type NetworkRoles } from './network-roles.ts';

export async function connectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
  aliases: string[],
  roles: NetworkRoles = hostNetworkRoles(ctx),
): Promise<void> {
  const network = findNetwork(ctx, networkName);
  const live = ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record)
      throw new BerthError(
        'NO_SUCH_CONTAINER',
        `no container with name or ID "${id}" found: no such container`,
      );
    if (record.state !== 'running') {
      // Not running: the network joins the stored config and is attached at the next start.
      connectStored(ctx, id, record.config, network.name, aliases);
      return undefined;
    }
    const data = readStateData(record.stateData, id);
    if (data.pid === undefined)
      throw new BerthError('CONTAINER_STATE', `container ${id} has no process`);
    const current = endpointsOf(data);
    if (current.some((entry) => entry.name === network.name))
      throw new BerthError(
        'ALREADY_CONNECTED',
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
    return { added, pid: data.pid, config: record.config };
  });
  ctx
    .events()
    .networkMember('connect', { id, name: ctx.state.containers.get(id)?.name ?? '' }, network.name);
  if (live === undefined) return;
  // The same set-up as a start's, for one endpoint; a failed step undoes the earlier ones, and the
  // state and stored config go back to what they were.
  const endpoint = driverEndpoint(network, id, live.added, []);
  const driver = roles.driver('bridge');
  const undo = new UndoStack();
  undo.push(() => unconnect(ctx, id, live.added, live.config));
  try {
    await driver.setup(id, live.pid, [endpoint]);
    undo.push(() => driver.teardown(id, [endpoint]));
    syncFirewall(ctx, roles.firewall, network);
    undo.push(() => syncFirewall(ctx, roles.firewall, network, id));
    undo.push(() => syncDns(ctx, roles.dns, { containerId: id, network: network.name }));
    await syncDns(ctx, roles.dns);
  } catch (error) {
    await undo.unwind(`connecting container ${id} to network ${network.name}`);
    throw error;
  }
}

/** Takes back what connectContainer stored: the endpoint, and the config as it was before. */
function unconnect(ctx: EngineContext, id: string, added: NetworkEndpoint, config: unknown): void {
  ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record) return;
    const data = readStateData(record.stateData, id);
    const extra = (data.extraNetworks ?? []).filter(
      (entry) => entry.ip !== added.ip || entry.name !== added.name,
    );
    const { extraNetworks: _extra, ...rest } = data;
    ctx.state.containers.updateState(
      id,
      record.state,
      extra.length > 0 ? { ...rest, extraNetworks: extra } : rest,
    );
    ctx.state.containers.updateConfig(id, config);
  });
}

/** Adds the network to the container's --network list (the default network when it had none). */
function connectStored(
  ctx: EngineContext,
  id: string,
  rawConfig: unknown,
  name: string,
  aliases: string[],
): void {
  const config = readContainerConfig(rawConfig, id);
  if (config.network.mode !== 'bridge') {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `container ${id} uses network mode ${networkModeName(config.network)}: only a bridge-mode container can connect to networks`,
    );
  }
  const networks = config.network.networks ?? [defaultNetwork(ctx).name];
  if (networks.includes(name)) {
    throw new BerthError(
      'ALREADY_CONNECTED',
      `container ${id} is already connected to network "${name}": network is already connected`,
    );
  }
  const netOptions =
    aliases.length > 0
      ? { ...config.netOptions, aliases: [...(config.netOptions?.aliases ?? []), ...aliases] }
      : config.netOptions;
  const next = {
    ...config,
    network: { mode: 'bridge' as const, networks: [...networks, name] },
    ...(netOptions ? { netOptions } : {}),
  };
  ctx.state.containers.updateConfig(id, next);
}

/** Removes the network from the stored --network list; false when it was not there. */
function disconnectStored(
  ctx: EngineContext,
  id: string,
  rawConfig: unknown,
  name: string,
): boolean {
  const config = readContainerConfig(rawConfig, id);
  if (config.network.mode !== 'bridge') return false;
  const networks = config.network.networks ?? [defaultNetwork(ctx).name];
  if (!networks.includes(name)) return false;
  ctx.state.containers.updateConfig(id, {
    ...config,
    network: { mode: 'bridge', networks: networks.filter((entry) => entry !== name) },
  });
  return true;
}

export async function disconnectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
  roles: NetworkRoles = hostNetworkRoles(ctx),
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
  ctx
    .events()
    .networkMember(
      'disconnect',
      { id, name: ctx.state.containers.get(id)?.name ?? '' },
      network.name,
    );
  if (removed === undefined) return;
  // The mirror of connect: DNS names, firewall rules, then the interface, each even if one fails.
  const driver = roles.driver('bridge');
  await runEveryStep([
    () => syncDns(ctx, roles.dns),
    () => syncFirewall(ctx, roles.firewall, network),
    () => driver.teardown(id, [driverEndpoint(network, id, removed, [])]),
  ]);
}
