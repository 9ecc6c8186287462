// A bridge network as data, and the iproute2 batches that attach a container to it and detach
// it (netavark's setup/teardown pair). Pure: host/net-apply.ts runs the batches.
import type { PortMapping } from './port-spec.ts';
import { gatewayOf, parseSubnet, subnetString, type Subnet } from './ipam.ts';

export interface BridgeNetwork {
  name: string;
  bridge: string;
  subnet: Subnet;
  gateway: string;
}

export interface NetworkAttachment {
  containerId: string;
  ip: string;
  ports: PortMapping[];
}

/** The default network from containers.conf: `berth` on berth0, or br-NAME for other names. */
export function bridgeNetwork(name: string, cidr: string): BridgeNetwork {
  const subnet = parseSubnet(cidr);
  const bridge = name === 'berth' ? 'berth0' : `br-${name}`.slice(0, 15);
  return { name, bridge, subnet, gateway: gatewayOf(subnet) };
}

/** Host side veth name: short and derived from the container id, so teardown needs no state. */
export function vethName(containerId: string): string {
  return `veth${containerId.slice(0, 11)}`;
}

/** Host batch for `ip -batch -`: the bridge (idempotent: `ip -force` keeps going on EEXIST) and the veth. */
export function hostSetupBatch(network: BridgeNetwork, attachment: NetworkAttachment, containerPid: number): string[] {
  const veth = vethName(attachment.containerId);
  return [
    `link add ${veth} type veth peer name eth0 netns ${containerPid}`,
    `link set ${veth} master ${network.bridge}`,
    `link set ${veth} up`,
  ];
}

export function bridgeBatch(network: BridgeNetwork): string[] {
  return [
    `link add ${network.bridge} type bridge`,
    `addr add ${network.gateway}/${network.subnet.prefix} dev ${network.bridge}`,
    `link set ${network.bridge} up`,
  ];
}

/** Container side batch, run in the container's network namespace. */
export function containerSetupBatch(network: BridgeNetwork, attachment: NetworkAttachment): string[] {
  return [
    `addr add ${attachment.ip}/${network.subnet.prefix} dev eth0`,
    'link set eth0 up',
    'link set lo up',
    `route add default via ${network.gateway}`,
  ];
}

export function subnetOf(network: BridgeNetwork): string {
  return subnetString(network.subnet);
}
