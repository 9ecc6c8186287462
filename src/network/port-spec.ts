// Parses podman's `-p/--publish [IP:][HOSTPORT:]CTRPORT[/PROTO]` (ranges included) and
// `--expose PORT[-END][/PROTO]` into port bindings, and lays them out as the firewall and `port`
// see them. Pure (choosing a free host port is the engine's job); podman's error words.
import { BerthError } from '../lib/berth-error.ts';

export type PortProtocol = 'tcp' | 'udp';

/**
 * One -p (or -P) as stored at create, podman's types.PortMapping: `range` consecutive ports from
 * hostPort and containerPort. hostPort 0 means "a free one" until create assigns it.
 */
export interface PortBinding {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: PortProtocol;
  range: number;
}

/** One published port, as the firewall renders it and `port` prints it. */
export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: PortProtocol;
}

/** One -p spec into its binding (hostPort 0 when the spec names no host port). */
export function parsePortBinding(spec: string): PortBinding {
  const [ports = '', protoRaw = 'tcp'] = spec.split('/');
  const protocol = checkProtocol(protoRaw, spec);
  const parts = ports.startsWith('[') ? splitIpv6(ports) : ports.split(':');
  if (parts.length > 3 || parts.some((part, index) => part === '' && index === parts.length - 1))
    throw invalid(spec);
  const [hostIp, hostPart, ctrPart] =
    parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : ['', '', parts[0]];
  const ctr = portRange(ctrPart ?? '', spec);
  const host = hostPart ? portRange(hostPart, spec) : undefined;
  if (host && host.range !== ctr.range)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `host and container port ranges have different lengths: ${spec}`,
    );
  return {
    hostIp: hostIp ?? '',
    hostPort: host?.start ?? 0,
    containerPort: ctr.start,
    protocol,
    range: ctr.range,
  };
}

/** One -p spec as single-port mappings (hostPort 0 throughout when none was named). */
export function parsePublish(spec: string): PortMapping[] {
  return bindingPorts(parsePortBinding(spec));
}

/** A binding's ports one by one: what the firewall forwards and `port` lists. */
export function bindingPorts(binding: PortBinding): PortMapping[] {
  return Array.from({ length: binding.range }, (_, index) => ({
    hostIp: binding.hostIp,
    hostPort: binding.hostPort === 0 ? 0 : binding.hostPort + index,
    containerPort: binding.containerPort + index,
    protocol: binding.protocol,
  }));
}

/** `--expose PORT[-END][/PROTO]` and the image's ExposedPorts keys (`80/tcp`): each port once. */
export function parseExpose(spec: string): { port: number; protocol: PortProtocol }[] {
  const [ports = '', protoRaw = 'tcp', ...more] = spec.split('/');
  if (more.length > 0)
    throw new BerthError(
      'INVALID_ARGUMENT',
      'invalid expose format - protocol can only be specified once',
    );
  const protocol = checkProtocol(protoRaw, spec);
  const { start, range } = portRange(ports, spec);
  return Array.from({ length: range }, (_, index) => ({ port: start + index, protocol }));
}

/**
 * -P: every exposed port (image EXPOSE and --expose) that no -p publishes already, each to a
 * free host port (hostPort 0 until create assigns it), in port order.
 */
export function publishAllBindings(
  exposed: readonly string[],
  published: readonly PortBinding[],
): PortBinding[] {
  const seen = new Set(
    published.flatMap(bindingPorts).map((port) => `${port.containerPort}/${port.protocol}`),
  );
  const wanted = exposed
    .flatMap(parseExpose)
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  const result: PortBinding[] = [];
  for (const { port, protocol } of wanted) {
    const key = `${port}/${protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ hostIp: '', hostPort: 0, containerPort: port, protocol, range: 1 });
  }
  return result;
}

/** podman refuses one host port bound twice by the same container. */
export function checkBindingConflicts(bindings: readonly PortBinding[]): void {
  const used = new Set<string>();
  for (const port of bindings.flatMap(bindingPorts)) {
    if (port.hostPort === 0) continue;
    const key = `${port.hostIp}/${port.protocol}/${port.hostPort}`;
    if (used.has(key))
      throw new BerthError(
        'INVALID_ARGUMENT',
        `conflicting port mappings for host port ${port.hostPort} (protocol ${port.protocol})`,
      );
    used.add(key);
  }
}

/**
 * Gives every binding without a host port one: `candidate()` proposes a start port (the kernel's
 * choice of a free one) and `usable(start, range)` says whether that block is free. 15 tries,
 * as podman makes, then podman's error.
 */
export async function assignHostPorts(
  bindings: readonly PortBinding[],
  candidate: () => Promise<number>,
  usable: (binding: PortBinding, start: number) => Promise<boolean>,
): Promise<PortBinding[]> {
  const assigned: PortBinding[] = [];
  const taken = new Set(
    bindings.flatMap(bindingPorts).flatMap((port) => (port.hostPort === 0 ? [] : [port.hostPort])),
  );
  for (const binding of bindings) {
    if (binding.hostPort !== 0) {
      assigned.push(binding);
      continue;
    }
    const start = await pickStart(binding, taken, candidate, usable);
    for (let index = 0; index < binding.range; index++) taken.add(start + index);
    assigned.push({ ...binding, hostPort: start });
  }
  return assigned;
}

async function pickStart(
  binding: PortBinding,
  taken: ReadonlySet<number>,
  candidate: () => Promise<number>,
  usable: (binding: PortBinding, start: number) => Promise<boolean>,
): Promise<number> {
  for (let attempt = 0; attempt < 15; attempt++) {
    const start = await candidate();
    if (start < 1 || start + binding.range - 1 > 65535) continue;
    const block = Array.from({ length: binding.range }, (_, index) => start + index);
    if (block.some((port) => taken.has(port))) continue;
    if (await usable(binding, start)) return start;
  }
  const range = binding.range > 1 ? `with range ${binding.range} ` : '';
  throw new BerthError(
    'INVALID_ARGUMENT',
    `failed to find an open port to expose container port ${binding.containerPort} ${range}on the host`,
  );
}

function checkProtocol(protocol: string, spec: string): PortProtocol {
  if (protocol === 'tcp' || protocol === 'udp') return protocol;
  throw new BerthError('INVALID_ARGUMENT', `invalid protocol "${protocol}" in port spec "${spec}"`);
}

function splitIpv6(ports: string): string[] {
  const end = ports.indexOf(']');
  return [ports.slice(1, end), ...ports.slice(end + 2).split(':')];
}

function portRange(text: string, spec: string): { start: number; range: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw invalid(spec);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1 || end > 65535 || end < start) throw invalid(spec);
  return { start, range: end - start + 1 };
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
