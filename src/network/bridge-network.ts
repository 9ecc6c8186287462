// A bridge network as data, and the iproute2 batches that attach a container to it and detach
// it (netavark's setup/teardown pair). Pure: host/net-apply.ts runs the batches.
import type { PortMapping } from './port-spec.ts';
import { gatewayOf, parseSubnet, subnetString, type Subnet } from './ipam.ts';

export interface BridgeNetwork {
  name: string;
  bridge: string;
  subnet: Subnet;
  gateway: string;
  /** --internal: no NAT and no forwarding out of the subnet. */
  internal?: boolean;
  /** aardvark-dns serves the network's names on the gateway (user networks unless --disable-dns). */
  dnsEnabled?: boolean;
  /** --ip-range: addresses are allocated from this part of the subnet. */
  ipRange?: Subnet;
}

export interface NetworkAttachment {
  containerId: string;
  ip: string;
  ports: PortMapping[];
  /** The interface inside the container; default eth0 (the one with the default route). */
  iface?: string;
  mac?: string;
}

/** The default network from containers.conf: `berth` on berth0, or br-NAME for other names. */
export function bridgeNetwork(name: string, cidr: string): BridgeNetwork {
  const subnet = parseSubnet(cidr);
  const bridge = name === 'berth' ? 'berth0' : `br-${name}`.slice(0, 15);
  return { name, bridge, subnet, gateway: gatewayOf(subnet) };
}

/** Host side veth name: short and derived from the container id, so teardown needs no state. */
export function vethName(containerId: string, iface = 'eth0'): string {
  const index = Number(iface.replace(/^eth/, '')) || 0;
  return index === 0
    ? `veth${containerId.slice(0, 11)}`
    : `vn${index}${containerId.slice(0, 11)}`.slice(0, 15);
}

/** True for host interface names vethName produces (stale-link cleanup matches on this). */
export function isBerthVeth(name: string): { containerPrefix: string } | undefined {
  const match = /^(?:veth|vn\d+)([0-9a-f]{11})$/.exec(name);
  return match?.[1] ? { containerPrefix: match[1] } : undefined;
}

/**
 * Host batch for `ip -batch -`: the veth on the bridge, and the host's ARP entry for the address
 * dropped. The address may have had another MAC a moment ago (a restarted container gets its
 * address back with a new MAC): the host would keep sending to the old one until that entry
 * expires, tens of seconds. A gratuitous ARP from the container would not help: sent at its
 * link-up, it reaches a bridge port that is not forwarding yet.
 */
export function hostSetupBatch(
  network: BridgeNetwork,
  attachment: NetworkAttachment,
  containerPid: number,
): string[] {
  const veth = vethName(attachment.containerId, attachment.iface);
  return [
    `link add ${veth} type veth peer name ${attachment.iface ?? 'eth0'} netns ${containerPid}`,
    `link set ${veth} master ${network.bridge}`,
    `link set ${veth} up`,
    `neigh flush to ${attachment.ip} dev ${network.bridge}`,
  ];
}

/**
 * The bridge, with its own MAC: left unset, the kernel gives a bridge the lowest MAC of its ports,
 * so a container leaving or joining would change it and leave the neighbours' ARP entries for the
 * gateway stale (netavark pins it too).
 */
export function bridgeBatch(network: BridgeNetwork, mac: string): string[] {
  return [
    `link add ${network.bridge} address ${mac} type bridge`,
    `addr add ${network.gateway}/${network.subnet.prefix} dev ${network.bridge}`,
    `link set ${network.bridge} up`,
  ];
}

/** Container side batch, run in the container's network namespace. */
export function containerSetupBatch(
  network: BridgeNetwork,
  attachment: NetworkAttachment,
): string[] {
  const iface = attachment.iface ?? 'eth0';
  return [
    ...(attachment.mac ? [`link set ${iface} address ${attachment.mac}`] : []),
    `addr add ${attachment.ip}/${network.subnet.prefix} dev ${iface}`,
    `link set ${iface} up`,
    'link set lo up',
    ...(iface === 'eth0' && !network.internal ? [`route add default via ${network.gateway}`] : []),
  ];
}

export function subnetOf(network: BridgeNetwork): string {
  return subnetString(network.subnet);
}
