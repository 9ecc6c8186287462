// Test support: recording fakes of the network roles (NetworkDriver, Firewall, DnsServer) and of
// the bridge driver's host operations. All fakes of one test share a CallRecorder, so a test reads
// the order of every host effect in one list and can make the Nth effect fail. Never used in production.
import { BerthError } from '../lib/berth-error.ts';
import type { BridgeHost } from './bridge-driver.ts';
import type { BridgeNetwork, NetworkAttachment } from './bridge-network.ts';
import type { DnsServer, DnsTable } from './dns-server.ts';
import type { Firewall } from './firewall.ts';
import type { Endpoint, NetworkDriver, NetworkMode } from './network-driver.ts';
import type { PortMapping } from './port-spec.ts';

/** The calls the fakes were asked to carry out, in order; a call told to fail throws instead. */
export class CallRecorder {
  readonly calls: string[] = [];
  private readonly failSteps = new Set<number>();
  private readonly failPrefixes: string[] = [];

  /** The Nth call (1-based, counted from the recorder's creation) throws. */
  failAt(step: number): void {
    this.failSteps.add(step);
  }

  /** The first call from now on that starts with `prefix` throws. */
  failOn(prefix: string): void {
    this.failPrefixes.push(prefix);
  }

  record(call: string): void {
    this.calls.push(call);
    const prefix = this.failPrefixes.findIndex((entry) => call.startsWith(entry));
    if (prefix >= 0) this.failPrefixes.splice(prefix, 1);
    if (prefix >= 0 || this.failSteps.has(this.calls.length))
      throw new BerthError(
        'HOST_COMMAND_FAILED',
        `injected failure at step ${this.calls.length}: ${call}`,
      );
  }

  /** The calls that start with one of the prefixes (to read one role's part of the story). */
  only(...prefixes: string[]): string[] {
    return this.calls.filter((call) => prefixes.some((prefix) => call.startsWith(prefix)));
  }
}

function endpointText({ network, attachment }: Endpoint): string {
  return `${attachment.iface ?? 'eth0'}@${network.name} ${attachment.ip}`;
}

/**
 * Records `MODE.setup ID eth0@NET IP` per endpoint (`MODE.setup ID` when there are none), the
 * same for teardown, and honours the contract: a setup failing half-way undoes its earlier
 * endpoints itself (`MODE.undo …`, never made to fail).
 */
export class RecordingNetworkDriver implements NetworkDriver {
  readonly portsInUse: number[] = [];

  constructor(
    private readonly recorder: CallRecorder,
    readonly mode: NetworkMode = 'bridge',
  ) {}

  async setup(containerId: string, _pid: number, endpoints: readonly Endpoint[]): Promise<void> {
    if (endpoints.length === 0) this.recorder.record(`${this.mode}.setup ${containerId}`);
    const done: Endpoint[] = [];
    try {
      for (const endpoint of endpoints) {
        this.recorder.record(`${this.mode}.setup ${containerId} ${endpointText(endpoint)}`);
        done.push(endpoint);
      }
    } catch (error) {
      for (const endpoint of done.reverse())
        this.recorder.calls.push(`${this.mode}.undo ${containerId} ${endpointText(endpoint)}`);
      throw error;
    }
  }

  async teardown(containerId: string, endpoints: readonly Endpoint[]): Promise<void> {
    if (endpoints.length === 0) this.recorder.record(`${this.mode}.teardown ${containerId}`);
    for (const endpoint of [...endpoints].reverse())
      this.recorder.record(`${this.mode}.teardown ${containerId} ${endpointText(endpoint)}`);
  }

  async portInUse(port: PortMapping): Promise<boolean> {
    return this.portsInUse.includes(port.hostPort);
  }

  async reconcile(network: BridgeNetwork, liveContainerIds: readonly string[]): Promise<void> {
    this.recorder.record(
      `${this.mode}.reconcile ${network.name} ${liveContainerIds.join(',')}`.trimEnd(),
    );
  }

  async removeNetwork(network: BridgeNetwork): Promise<void> {
    this.recorder.record(`${this.mode}.remove ${network.name}`);
  }
}

/** Records `firewall.apply NET IP[ HOST->CTR/PROTO]…, …` and `firewall.remove NET`. */
export class RecordingFirewall implements Firewall {
  constructor(private readonly recorder: CallRecorder) {}

  apply(network: BridgeNetwork, attachments: readonly NetworkAttachment[]): void {
    const text = attachments.map((attachment) =>
      [
        attachment.ip,
        ...attachment.ports.map(
          (port) => `${port.hostPort}->${port.containerPort}/${port.protocol}`,
        ),
      ].join(' '),
    );
    this.recorder.record(`firewall.apply ${network.name} ${text.join(', ')}`);
  }

  remove(network: BridgeNetwork): void {
    this.recorder.record(`firewall.remove ${network.name}`);
  }
}

/** Records `dns.write NET: NAME,ALIAS@IP …; NET2: …`, `dns.start`, `dns.stop`; keeps the last tables. */
export class RecordingDnsServer implements DnsServer {
  tables: readonly DnsTable[] | undefined;

  constructor(private readonly recorder: CallRecorder) {}

  configured(): boolean {
    return this.tables !== undefined;
  }

  writeTables(tables: readonly DnsTable[]): void {
    const text = tables.map(
      (table) =>
        `${table.network}: ${table.entries.map((entry) => `${[...new Set(entry.names)].join(',')}@${entry.ip}`).join(' ')}`,
    );
    this.recorder.record(`dns.write ${text.join('; ')}`.trimEnd());
    this.tables = tables;
  }

  async startOrReload(): Promise<void> {
    this.recorder.record('dns.start');
  }

  async stop(): Promise<void> {
    this.recorder.record('dns.stop');
  }
}

/**
 * The bridge driver's host, one recorded call per iproute2 line (`ip LINE`, `netns PID LINE`,
 * `ip link del NAME`, `sysctl KEY=VALUE`): a failing line stops its batch as `ip -batch` does,
 * and the links it knows of follow the `link add` / `link del` lines that ran.
 */
export class RecordingBridgeHost implements BridgeHost {
  readonly links = new Set<string>();
  readonly bridgeMembers = new Map<string, string[]>();
  busyPorts = new Set<number>();

  constructor(private readonly recorder: CallRecorder) {}

  async ipBatch(lines: readonly string[], options: { force?: boolean } = {}): Promise<void> {
    for (const line of lines) {
      try {
        this.recorder.record(`ip ${line}`);
      } catch (error) {
        if (!options.force) throw error;
        continue;
      }
      const added = /^link add (\S+)/.exec(line)?.[1];
      if (added) this.links.add(added);
    }
  }

  async ipBatchInNetns(pid: number, lines: readonly string[]): Promise<void> {
    for (const line of lines) this.recorder.record(`netns ${pid} ${line}`);
  }

  async linkExists(name: string): Promise<boolean> {
    return this.links.has(name);
  }

  async deleteLink(name: string): Promise<void> {
    this.recorder.record(`ip link del ${name}`);
    this.links.delete(name);
  }

  async linksOnBridge(bridge: string): Promise<string[]> {
    return this.bridgeMembers.get(bridge) ?? [];
  }

  async setSysctl(key: string, value: string): Promise<void> {
    this.recorder.record(`sysctl ${key}=${value}`);
  }

  async listNftChains(): Promise<string> {
    return '{"nftables": []}';
  }

  async portInUse(port: number): Promise<boolean> {
    return this.busyPorts.has(port);
  }
}
