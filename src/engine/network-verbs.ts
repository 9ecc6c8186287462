// `network create/ls/inspect/rm/prune/exists/reload` on the engine side: user network rows,
// their bridges and tables, and the reload that removes what containers no longer running left.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import type { NetworkCreateOptions, NetworkInspectReport } from '../domain/network-reports.ts';
import { subnetOf, type BridgeNetwork } from '../network/bridge-network.ts';
import { subnetString } from '../network/ipam.ts';
import {
  checkNetworkName,
  definitionNetwork,
  freeNetworkName,
  planSubnet,
  type NetworkDefinition,
} from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import { defaultNetwork, liveEndpoints } from './network-endpoints.ts';
import { readContainerConfig, readStateData, type NetworkMode } from './container-model.ts';
import { syncFirewall } from './network-firewall.ts';
import { syncDns } from './network-dns.ts';
import { hostNetworkRoles, type NetworkRoles } from './network-roles.ts';

export function createNetwork(ctx: EngineContext, options: NetworkCreateOptions): string {
  if (options.driver !== 'bridge')
    throw new BerthError(
      'INVALID_ARGUMENT',
      `unsupported driver ${options.driver}: invalid argument`,
    );
  return ctx.state.write(() => {
    const records = ctx.state.networks.list();
    const name = options.name ?? freeNetworkName(new Set(records.map((record) => record.name)));
    checkNetworkName(name);
    const fallback = defaultNetwork(ctx);
    if (name === fallback.name || name === 'bridge' || ctx.state.networks.get(name))
      throw new BerthError(
        'NAME_IN_USE',
        `network name ${name} already used: network already exists`,
      );
    const plan = planSubnet(
      {
        name,
        ...(options.subnet ? { subnet: options.subnet } : {}),
        ...(options.gateway ? { gateway: options.gateway } : {}),
        ...(options.ipRange ? { ipRange: options.ipRange } : {}),
      },
      [subnetOf(fallback), ...records.map((record) => record.subnet)],
    );
    const id = randomBytes(32).toString('hex');
    ctx.state.networks.insert({
      name,
      id,
      driver: 'bridge',
      // Unique on the host, not only in this --root (parallel roots share the kernel's names).
      bridge: `berth${id.slice(0, 10)}`,
      subnet: subnetString(plan.subnet),
      gateway: plan.gateway,
      ...(plan.ipRange ? { ipRange: subnetString(plan.ipRange) } : {}),
      internal: options.internal,
      dnsEnabled: !options.disableDns,
      labels: options.labels,
      created: new Date().toISOString(),
    });
    ctx.events().network('create', { id, name, driver: 'bridge' });
    return name;
  });
}

/** The default network first, then user networks oldest first. */
export function allNetworks(ctx: EngineContext): NetworkInspectReport[] {
  const fallback = defaultNetwork(ctx);
  const builtin: NetworkInspectReport = {
    name: fallback.name,
    id: '2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9',
    driver: 'bridge',
    network_interface: fallback.bridge,
    created: new Date(0).toISOString(),
    subnets: [{ subnet: subnetOf(fallback), gateway: fallback.gateway }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  };
  return [builtin, ...ctx.state.networks.list().map(inspectReport)];
}

function inspectReport(record: NetworkDefinition): NetworkInspectReport {
  return {
    name: record.name,
    id: record.id,
    driver: record.driver,
    network_interface: record.bridge,
    created: record.created,
    subnets: [{ subnet: record.subnet, gateway: record.gateway }],
    ipv6_enabled: false,
    internal: record.internal,
    dns_enabled: record.dnsEnabled,
    labels: record.labels,
    ipam_options: { driver: 'host-local' },
  };
}

/** Ids of containers (any state) that name the network in their config or hold an endpoint on it. */
export function containersUsing(ctx: EngineContext, name: string): string[] {
  return ctx.state.containers
    .list()
    .filter((record) => {
      const names = configuredNetworks(record.config, record.id);
      return (
        names.includes(name) ||
        liveEndpoints(ctx).some((entry) => entry.containerId === record.id && entry.name === name)
      );
    })
    .map((record) => record.id);
}

/** The networks a container's stored --network names (none for a malformed row). */
function configuredNetworks(config: unknown, id: string): string[] {
  try {
    const { network } = readContainerConfig(config, id);
    return network.mode === 'bridge' ? (network.networks ?? []) : [];
  } catch {
    return [];
  }
}

/** Deletes the row, then the bridge and the table (no container may be using it any more). */
export async function deleteNetwork(
  ctx: EngineContext,
  name: string,
  roles: NetworkRoles = hostNetworkRoles(ctx),
): Promise<void> {
  const record = ctx.state.networks.get(name);
  if (!record)
    throw new BerthError(
      'NO_SUCH_NETWORK',
      `unable to find network with name or ID ${name}: network not found`,
    );
  ctx.state.write(() => ctx.state.networks.delete(name));
  ctx.events().network('remove', { id: record.id, name: record.name, driver: record.driver });
  const network = definitionNetwork(record);
  roles.firewall.remove(network);
  await roles.driver('bridge').removeNetwork(network);
  await syncDns(ctx, roles.dns);
}

/** `network reload`: rules for running containers re-applied, everything else's veths and addresses gone. */
export async function reloadNetworks(
  ctx: EngineContext,
  roles: NetworkRoles = hostNetworkRoles(ctx),
): Promise<string[]> {
  const running = new Set(['running', 'paused']);
  // Containers that hold endpoints but are not running (a start killed half-way): free them.
  ctx.state.write(() => {
    for (const record of ctx.state.containers.list()) {
      if (running.has(record.state)) continue;
      const data = readStateData(record.stateData, record.id);
      if (!data.network && !data.extraNetworks) continue;
      const { network: _network, extraNetworks: _extra, ...rest } = data;
      ctx.state.containers.updateState(record.id, record.state, rest);
    }
  });
  const live = liveEndpoints(ctx, running);
  const networks: BridgeNetwork[] = [
    defaultNetwork(ctx),
    ...ctx.state.networks.list().map(definitionNetwork),
  ];
  for (const network of networks) {
    const ids = live
      .filter((entry) => entry.name === network.name)
      .map((entry) => entry.containerId);
    await roles.driver('bridge').reconcile(network, ids);
    syncFirewall(ctx, roles.firewall, network);
  }
  await syncDns(ctx, roles.dns);
  return [...new Set(live.map((entry) => entry.containerId))];
}

/** run's --network value as the stored mode and network list; unknown names refused in podman's words. */
export function selectNetworks(ctx: EngineContext, requested: string | undefined): NetworkMode {
  const value = requested ?? 'bridge';
  if (value === 'none' || value === 'host') return { mode: value };
  if (value.startsWith('container:'))
    return { mode: 'container', container: containerIdOf(ctx, value.slice('container:'.length)) };
  if (
    value === 'private' ||
    value === 'slirp4netns' ||
    value === 'pasta' ||
    value.startsWith('ns:')
  ) {
    throw new BerthError(
      'NOT_SUPPORTED',
      `network mode ${value.split(':')[0] ?? value} is not supported by berth yet`,
    );
  }
  const fallback = defaultNetwork(ctx);
  const names = value.split(',').map((name) => (name === 'bridge' ? fallback.name : name));
  for (const name of names) {
    if (name !== fallback.name && !ctx.state.networks.get(name))
      throw new BerthError(
        'NO_SUCH_NETWORK',
        `unable to find network with name or ID ${name}: network not found`,
      );
  }
  return names.length === 1 && names[0] === fallback.name
    ? { mode: 'bridge' }
    : { mode: 'bridge', networks: names };
}

function containerIdOf(ctx: EngineContext, ref: string): string {
  const containers = ctx.state.containers;
  const found =
    containers.get(ref)?.id ??
    containers.getByName(ref)?.id ??
    (/^[0-9a-f]+$/.test(ref) ? containers.findIdsByPrefix(ref) : []).at(0);
  if (found === undefined)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with name or ID "${ref}" found: no such container`,
    );
  return found;
}
