// Address management for a bridge network's IPv4 subnet: the gateway is .1, containers get the
// lowest free address. Pure: the caller serialises allocations (one DB write transaction).
import { BerthError } from '../lib/berth-error.ts';

export interface Subnet {
  network: number;
  prefix: number;
}

export function parseSubnet(cidr: string): Subnet {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!match || Number(match[2]) > 30)
    throw new BerthError('INVALID_ARGUMENT', `invalid subnet "${cidr}"`);
  const prefix = Number(match[2]);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return { network: (ipToNumber(match[1] ?? '') & mask) >>> 0, prefix };
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (
    parts.length !== 4 ||
    parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)
  ) {
    throw new BerthError('INVALID_ARGUMENT', `invalid IPv4 address "${ip}"`);
  }
  return parts.reduce((value, part) => ((value << 8) | part) >>> 0, 0);
}

export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export function gatewayOf(subnet: Subnet): string {
  return numberToIp(subnet.network + 1);
}

export function subnetString(subnet: Subnet): string {
  return `${numberToIp(subnet.network)}/${subnet.prefix}`;
}

/** The lowest address after the gateway not in `used`; IPAM_EXHAUSTED when the subnet is full. */
export function allocateAddress(subnet: Subnet, used: ReadonlySet<string>): string {
  const size = 2 ** (32 - subnet.prefix);
  for (let offset = 2; offset < size - 1; offset++) {
    const candidate = numberToIp(subnet.network + offset);
    if (!used.has(candidate)) return candidate;
  }
  throw new BerthError(
    'INVALID_ARGUMENT',
    `IPAM error: failed to find free IP in range: ${subnetString(subnet)}`,
  );
}

/** The lowest free address of `range` (default the subnet) that is neither the network, the broadcast nor in `used`. */
export function allocateInRange(
  subnet: Subnet,
  used: ReadonlySet<string>,
  range: Subnet = subnet,
): string {
  const first = Math.max(range.network, subnet.network + 1);
  const last = Math.min(
    range.network + 2 ** (32 - range.prefix) - 1,
    subnet.network + 2 ** (32 - subnet.prefix) - 2,
  );
  for (let value = first; value <= last; value++) {
    const candidate = numberToIp(value);
    if (!used.has(candidate)) return candidate;
  }
  throw new BerthError(
    'INVALID_ARGUMENT',
    `IPAM error: failed to find free IP in range: ${subnetString(range)}`,
  );
}

/** True when `ip` lies in `subnet`. */
export function subnetContains(subnet: Subnet, ip: string): boolean {
  const mask = subnet.prefix === 0 ? 0 : (~0 << (32 - subnet.prefix)) >>> 0;
  return (ipToNumber(ip) & mask) >>> 0 === subnet.network;
}

/** True when the two subnets share an address. */
export function subnetsOverlap(a: Subnet, b: Subnet): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}
