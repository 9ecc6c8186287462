// `berth network create [NAME]`: a bridge network; prints its name.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { NetworkCreateOptions } from '../../../domain/network-reports.ts';

interface CreateFlags {
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal?: boolean;
  label?: string[];
  disableDns?: boolean;
}

export function registerNetworkCreate(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('create')
    .description('Create networks for containers')
    .usage('[options] [NAME]')
    .argument('[name]')
    .option('-d, --driver <driver>', 'driver to manage the network', 'bridge')
    .option('--subnet <subnet>', 'subnets in CIDR format')
    .option('--gateway <ip>', 'IPv4 or IPv6 gateway for the subnet')
    .option('--ip-range <range>', 'allocate container IP from range')
    .option('--internal', 'restrict external access from this network')
    .option('--label <key=value>', 'set metadata on a network', collect)
    .option('--disable-dns', 'disable dns plugin')
    .action(async (name: string | undefined, flags: CreateFlags) => {
      const labels: Record<string, string> = {};
      for (const label of flags.label ?? []) {
        const at = label.indexOf('=');
        labels[at < 0 ? label : label.slice(0, at)] = at < 0 ? '' : label.slice(at + 1);
      }
      const options: NetworkCreateOptions = {
        driver: flags.driver,
        internal: flags.internal ?? false,
        disableDns: flags.disableDns ?? false,
        labels,
      };
      if (name !== undefined) options.name = name;
      if (flags.subnet !== undefined) options.subnet = flags.subnet;
      if (flags.gateway !== undefined) options.gateway = flags.gateway;
      if (flags.ipRange !== undefined) options.ipRange = flags.ipRange;
      const created = await withEngine(globals, (engine) => engine.networks.create(options));
      process.stdout.write(`${created}\n`);
    });
}
