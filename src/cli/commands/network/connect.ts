// `berth network connect/disconnect NETWORK CONTAINER` and `network reload`.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerNetworkConnect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('connect')
    .description('Add container to a network')
    .usage('[options] NETWORK CONTAINER')
    .argument('<network>')
    .argument('<container>')
    .option('--alias <name>', 'network scoped alias for container', collect)
    .action(async (network: string, container: string, flags: { alias?: string[] }) => {
      await withEngine(globals, (engine) =>
        engine.networks.connect(network, container, flags.alias ? { aliases: flags.alias } : {}),
      );
    });
}

export function registerNetworkDisconnect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('disconnect')
    .description('Disconnect a container from a network')
    .usage('[options] NETWORK CONTAINER')
    .argument('<network>')
    .argument('<container>')
    .option('-f, --force', 'force removal of container from network')
    .action(async (network: string, container: string) => {
      await withEngine(globals, (engine) => engine.networks.disconnect(network, container));
    });
}

export function registerNetworkReload(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('reload')
    .description('Reload firewall rules for one or more containers')
    .usage('[options] [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Reload network configuration of all containers')
    .action(async () => {
      const ids = await withEngine(globals, (engine) => engine.networks.reload());
      process.stdout.write(ids.map((id) => `${id}\n`).join(''));
    });
}
