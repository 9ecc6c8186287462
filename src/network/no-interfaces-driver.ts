// The driver of --network none, host and container:ID: berth creates no interface (the runtime
// makes an empty namespace, or joins the host's or another container's), so setup and teardown
// have nothing to do and no port is published.
import { BerthError } from '../lib/berth-error.ts';
import type { Endpoint, NetworkDriver, NetworkMode } from './network-driver.ts';

export class NoInterfacesDriver implements NetworkDriver {
  constructor(readonly mode: Exclude<NetworkMode, 'bridge'>) {}

  setup(containerId: string, _pid: number, endpoints: readonly Endpoint[]): Promise<void> {
    if (endpoints.length === 0) return Promise.resolve();
    return Promise.reject(
      new BerthError(
        'INTERNAL',
        `container ${containerId} in network mode ${this.mode} has endpoints`,
      ),
    );
  }

  teardown(): Promise<void> {
    return Promise.resolve();
  }

  portInUse(): Promise<boolean> {
    return Promise.resolve(false);
  }

  reconcile(): Promise<void> {
    return Promise.resolve();
  }

  removeNetwork(): Promise<void> {
    return Promise.resolve();
  }
}
