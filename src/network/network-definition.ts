// A user network's definition: validation of `network create` input in podman's words, the
// automatic subnet and bridge choice, and the BridgeNetwork a stored definition describes. Pure.
import { BerthError } from '../lib/berth-error.ts';
import type { BridgeNetwork } from './bridge-network.ts';
import {
  gatewayOf,
  parseSubnet,
  subnetContains,
  subnetsOverlap,
  subnetString,
  type Subnet,
} from './ipam.ts';

/** What `network create` stores (storage's NetworkRecord has the same fields). */
export interface NetworkDefinition {
  name: string;
  id: string;
  driver: string;
  bridge: string;
  subnet: string;
  gateway: string;
  ipRange?: string;
  internal: boolean;
  dnsEnabled: boolean;
  labels: Record<string, string>;
  created: string;
}

export interface NetworkRequest {
  name: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function checkNetworkName(name: string): void {
  if (!namePattern.test(name))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `network name ${name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`,
    );
}

/** The subnet, gateway and ip-range for a new network; refuses overlaps with `taken` as podman does. */
export function planSubnet(
  request: NetworkRequest,
  taken: readonly string[],
): { subnet: Subnet; gateway: string; ipRange?: Subnet } {
  const takenSubnets = taken.map(parseSubnet);
  let subnet: Subnet;
  if (request.subnet === undefined) {
    subnet = freeSubnet(takenSubnets);
  } else {
    subnet = parseSubnet(request.subnet);
    if (takenSubnets.some((other) => subnetsOverlap(subnet, other))) {
      throw new BerthError(
        'ADDRESS_IN_USE',
        `subnet ${subnetString(subnet)} is already used on the host or by another config`,
      );
    }
  }
  const gateway = request.gateway ?? gatewayOf(subnet);
  if (!subnetContains(subnet, gateway))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `gateway ip ${gateway} not in subnet ${subnetString(subnet)}`,
    );
  if (request.ipRange === undefined) return { subnet, gateway };
  const ipRange = parseSubnet(request.ipRange);
  if (
    !subnetContains(subnet, subnetString(ipRange).split('/')[0] ?? '') ||
    ipRange.prefix < subnet.prefix
  ) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `ip range ${request.ipRange} not in subnet ${subnetString(subnet)}`,
    );
  }
  return { subnet, gateway, ipRange };
}

/** podman's automatic choice: the first free 10.89.N.0/24. */
function freeSubnet(taken: readonly Subnet[]): Subnet {
  for (let third = 0; third < 256; third++) {
    const candidate = parseSubnet(`10.89.${third}.0/24`);
    if (!taken.some((other) => subnetsOverlap(candidate, other))) return candidate;
  }
  throw new BerthError('INVALID_ARGUMENT', 'could not find free subnet from subnet pools');
}

/** podman's automatic name: the lowest berthN (N >= 1) no network uses. */
export function freeNetworkName(used: ReadonlySet<string>): string {
  for (let index = 1; ; index++) if (!used.has(`berth${index}`)) return `berth${index}`;
}

export function definitionNetwork(definition: NetworkDefinition): BridgeNetwork {
  const subnet = parseSubnet(definition.subnet);
  return {
    name: definition.name,
    bridge: definition.bridge,
    subnet,
    gateway: definition.gateway,
    internal: definition.internal,
    dnsEnabled: definition.dnsEnabled,
    ...(definition.ipRange ? { ipRange: parseSubnet(definition.ipRange) } : {}),
  };
}

/** A random locally administered unicast MAC, as podman generates for each interface. */
export function randomMac(bytes: Uint8Array): string {
  const octets = [0x02 | ((bytes[0] ?? 0) & 0xfc), ...Array.from(bytes.slice(1, 6))];
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}
