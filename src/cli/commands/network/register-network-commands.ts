// Declares the `berth network` verbs.
import type { BerthCommand } from '../../berth-command.ts';
import type { GlobalsReader } from '../../with-engine.ts';
import { registerNetworkCreate } from './create.ts';
import { registerNetworkLs } from './ls.ts';
import { registerNetworkInspect } from './inspect.ts';
import { registerNetworkRm, registerNetworkPrune, registerNetworkExists } from './rm.ts';
import {
  registerNetworkConnect,
  registerNetworkDisconnect,
  registerNetworkReload,
} from './connect.ts';

export function registerNetworkCommands(network: BerthCommand, globals: GlobalsReader): void {
  registerNetworkCreate(network, globals);
  registerNetworkLs(network, globals);
  registerNetworkInspect(network, globals);
  registerNetworkRm(network, globals);
  registerNetworkPrune(network, globals);
  registerNetworkExists(network, globals);
  registerNetworkConnect(network, globals);
  registerNetworkDisconnect(network, globals);
  registerNetworkReload(network, globals);
}
