// Test support: an engine context in a temp dir whose network roles are recording fakes, with
// user networks and containers put straight into its state DB. Needs no root; used only by tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkMode } from '../network/network-driver.ts';
import type { PortMapping } from '../network/port-spec.ts';
import {
  CallRecorder,
  RecordingDnsServer,
  RecordingFirewall,
  RecordingNetworkDriver,
} from '../network/recording-network-roles.ts';
import { EngineContext } from './engine-context.ts';
import { readStateData, type ContainerConfig, type ContainerStateData } from './container-model.ts';
import { allocateEndpoints, attachEndpoints, containerNetworks } from './container-network.ts';
import type { NetworkRoles } from './network-roles.ts';

export interface NetworkFixture extends AsyncDisposable {
  ctx: EngineContext;
  recorder: CallRecorder;
  roles: NetworkRoles;
  dns: RecordingDnsServer;
  /** A user network 10.89.N.0/24 (DNS on unless told otherwise). */
  addNetwork(name: string, third: number, options?: { dnsEnabled?: boolean }): void;
  /** A container row in `state` with this config (bridge on the default network unless given). */
  addContainer(
    id: string,
    name: string,
    config?: Partial<ContainerConfig>,
    state?: string,
    data?: ContainerStateData,
  ): void;
  /** What a start does for networking: addresses, then attach (pid 4242). */
  start(id: string, ports?: PortMapping[]): Promise<void>;
  stateOf(id: string): ContainerStateData;
}

export async function openNetworkFixture(): Promise<NetworkFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-net-'));
  const ctx = await EngineContext.open({
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    storageDriver: 'vfs',
    env: {},
    selfCommand: [],
  });
  const recorder = new CallRecorder();
  const drivers = new Map<NetworkMode, RecordingNetworkDriver>();
  const dns = new RecordingDnsServer(recorder);
  const roles: NetworkRoles = {
    driver: (mode) => {
      const driver = drivers.get(mode) ?? new RecordingNetworkDriver(recorder, mode);
      drivers.set(mode, driver);
      return driver;
    },
    firewall: new RecordingFirewall(recorder),
    dns,
  };
  const configOf = (id: string): ContainerConfig =>
    ctx.state.containers.get(id)?.config as ContainerConfig;
  return {
    ctx,
    recorder,
    roles,
    dns,
    addNetwork(name, third, options = {}) {
      ctx.state.write(() =>
        ctx.state.networks.insert({
          name,
          id: `${name}-id`,
          driver: 'bridge',
          bridge: `br-${name}`,
          subnet: `10.89.${third}.0/24`,
          gateway: `10.89.${third}.1`,
          internal: false,
          dnsEnabled: options.dnsEnabled ?? true,
          labels: {},
          created: new Date(0).toISOString(),
        }),
      );
    },
    addContainer(id, name, config = {}, state = 'created', data = {}) {
      ctx.state.write(() =>
        ctx.state.containers.insert({
          id,
          name,
          imageId: null,
          layerId: null,
          created: new Date(0).toISOString(),
          state,
          config: {
            imageName: 'busybox',
            command: ['sh'],
            env: [],
            tty: false,
            interactive: false,
            autoRemove: false,
            network: { mode: 'bridge' },
            ...config,
          },
          stateData: data,
        }),
      );
    },
    async start(id, ports = []) {
      const config = configOf(id);
      const networks = containerNetworks(ctx, config);
      if (networks.length > 0) allocateEndpoints(ctx, id, networks, ports, config);
      await attachEndpoints(ctx, id, 4242, roles);
    },
    stateOf(id) {
      return readStateData(ctx.state.containers.get(id)?.stateData, id);
    },
    async [Symbol.asyncDispose]() {
      await ctx[Symbol.asyncDispose]();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
