// Parses podman's `-p/--publish [IP:][HOSTPORT:]CTRPORT[/PROTO]` (ranges included) into port
// mappings. Pure; podman's error words.
import { BerthError } from '../lib/berth-error.ts';

export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export function parsePublish(spec: string): PortMapping[] {
  const [ports = '', protoRaw = 'tcp'] = spec.split('/');
  if (protoRaw !== 'tcp' && protoRaw !== 'udp')
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid protocol "${protoRaw}" in port spec "${spec}"`,
    );
  const parts = ports.startsWith('[') ? splitIpv6(ports) : ports.split(':');
  if (parts.length > 3 || parts.some((part, index) => part === '' && index === parts.length - 1))
    throw invalid(spec);
  const [hostIp, hostPart, ctrPart] =
    parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : ['', '', parts[0]];
  const ctr = range(ctrPart ?? '', spec);
  const host = hostPart ? range(hostPart, spec) : undefined;
  if (host && host.length !== ctr.length)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `host and container port ranges have different lengths: ${spec}`,
    );
  return ctr.map((containerPort, index) => ({
    hostIp: hostIp ?? '',
    hostPort: host ? (host[index] ?? 0) : 0,
    containerPort,
    protocol: protoRaw,
  }));
}

function splitIpv6(ports: string): string[] {
  const end = ports.indexOf(']');
  return [ports.slice(1, end), ...ports.slice(end + 2).split(':')];
}

function range(text: string, spec: string): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw invalid(spec);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1 || end > 65535 || end < start) throw invalid(spec);
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}

function invalid(spec: string): BerthError {
  return new BerthError(
    'INVALID_ARGUMENT',
    `invalid port format "${spec}": expected [ip:][hostPort:]containerPort[/protocol]`,
  );
}

/** podman's `port` line: `8080/tcp -> 0.0.0.0:8080`. */
export function formatPortMapping(mapping: PortMapping): string {
  return `${mapping.containerPort}/${mapping.protocol} -> ${mapping.hostIp || '0.0.0.0'}:${mapping.hostPort}`;
}
