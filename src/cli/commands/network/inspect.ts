// `berth network inspect NAME...`: podman 4's JSON array, or a Go template per network.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printNetworkErrors } from './rm.ts';
import type { NetworkInspectReport } from '../../../domain/network-reports.ts';

/** Templates see podman's Go field names (the JSON keys are its json tags). */
export function goFields(network: NetworkInspectReport): Record<string, unknown> {
  return {
    Name: network.name,
    ID: network.id,
    Driver: network.driver,
    NetworkInterface: network.network_interface,
    Created: network.created,
    Subnets: network.subnets.map((subnet) => ({ Subnet: subnet.subnet, Gateway: subnet.gateway })),
    IPv6Enabled: network.ipv6_enabled,
    Internal: network.internal,
    DNSEnabled: network.dns_enabled,
    Labels: network.labels ?? {},
    IPAMOptions: network.ipam_options,
  };
}

export function registerNetworkInspect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('inspect')
    .description('Displays the raw CNI network configuration for one or more networks')
    .usage('[options] NETWORK [NETWORK...]')
    .argument('<networks...>')
    .option('-f, --format <format>', 'Pretty-print network to JSON or using a Go template')
    .action(async (names: string[], flags: { format?: string }) => {
      const { data, errors } = await withEngine(globals, (engine) =>
        engine.networks.inspect(names),
      );
      const { isJsonFormat, toJson, renderGoTemplate } =
        await import('../../output/format-report.ts');
      if (flags.format === undefined || isJsonFormat(flags.format))
        process.stdout.write(toJson(data));
      else
        for (const network of data)
          process.stdout.write(
            renderGoTemplate(flags.format, goFields(network), { mapPaths: ['Labels'] }),
          );
      printNetworkErrors(errors);
    });
}
