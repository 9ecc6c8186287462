// `berth generate systemd`: podman 4.3.1's flags; prints the unit (or JSON), or with --files
// writes `<unit>.service` into the current directory and prints the paths. For a non-root user
// --files also prints the next steps (unit dir, daemon-reload, enable, linger) on stderr.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BerthCommand } from '../../berth-command.ts';
import { collect, usage } from '../../berth-command.ts';
import { BerthError } from '../../../lib/berth-error.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseInteger } from '../../options/numbers.ts';
import { unitsJson } from '../../output/units-json.ts';
import { log } from '../../../lib/log.ts';

interface GenerateSystemdFlags {
  name?: boolean;
  new?: boolean;
  files?: boolean;
  format?: string;
  noHeader?: boolean;
  template?: boolean;
  restartPolicy?: string;
  restartSec?: number;
  startTimeout?: number;
  stopTimeout?: number;
  time?: number;
  containerPrefix: string;
  podPrefix: string;
  separator: string;
  wants?: string[];
  after?: string[];
  requires?: string[];
  env?: string[];
}

export function registerGenerateSystemd(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('systemd')
    .description('Generate systemd units')
    .usage('[options] {CONTAINER|POD}')
    .argument('[container]')
    .option('--after <unit>', 'Add dependencies order to the generated unit file', collect)
    .option('--container-prefix <prefix>', 'Systemd unit name prefix for containers', 'container')
    .option('-e, --env <env>', 'Set environment variables to the systemd unit files', collect)
    .option('-f, --files', 'Generate .service files instead of printing to stdout')
    .option('--format <format>', 'Print the created units in specified format (json)')
    .option('-n, --name', 'Use container/pod names instead of IDs')
    .option('--new', 'Create a new container or pod instead of starting an existing one')
    .option('--no-header', 'Skip header generation')
    .option('--pod-prefix <prefix>', 'Systemd unit name prefix for pods', 'pod')
    .option(
      '--requires <unit>',
      'Similar to wants, but declares stronger requirement dependencies',
      collect,
    )
    .option('--restart-policy <policy>', 'Systemd restart-policy')
    .option(
      '--restart-sec <seconds>',
      'Set the systemd service restartsec value',
      parseInteger('restart-sec'),
    )
    .option(
      '--separator <separator>',
      'Systemd unit name separator between name/id and prefix',
      '-',
    )
    .option('--start-timeout <seconds>', 'Start timeout override', parseInteger('start-timeout'))
    .option('--stop-timeout <seconds>', 'Stop timeout override', parseInteger('stop-timeout'))
    .option(
      '--template',
      'Make it a template file and use %i and %I specifiers. Working only for containers',
    )
    .option('-t, --time <seconds>', 'Stop timeout override', parseInteger('time'))
    .option(
      '--wants <unit>',
      'Add (weak) requirement dependencies to the generated unit file',
      collect,
    )
    .helpOption('--help', 'Help for systemd')
    .action(async (ref: string | undefined, flags: GenerateSystemdFlags) => {
      if (ref === undefined) throw usage('accepts 1 arg(s), received 0');
      if (flags.format !== undefined && flags.format !== 'json')
        throw new BerthError('INVALID_ARGUMENT', `unknown --format argument: ${flags.format}`);
      const stopTimeout = flags.stopTimeout ?? flags.time;
      const report = await withEngine(globals, (engine) =>
        engine.containers.generateSystemd({
          ref,
          executable: resolve(process.argv[1] ?? '/usr/local/bin/berth'),
          useName: flags.name ?? false,
          recreate: flags.new ?? false,
          template: flags.template ?? false,
          // commander's --no-header sets header: false.
          noHeader: (flags as { header?: boolean }).header === false,
          containerPrefix: flags.containerPrefix,
          podPrefix: flags.podPrefix,
          separator: flags.separator,
          wants: flags.wants ?? [],
          after: flags.after ?? [],
          requires: flags.requires ?? [],
          env: flags.env ?? [],
          ...(flags.restartPolicy !== undefined ? { restartPolicy: flags.restartPolicy } : {}),
          ...(flags.restartSec !== undefined ? { restartSeconds: flags.restartSec } : {}),
          ...(flags.startTimeout !== undefined ? { startTimeoutSeconds: flags.startTimeout } : {}),
          ...(stopTimeout !== undefined ? { stopTimeoutSeconds: stopTimeout } : {}),
        }),
      );
      for (const warning of report.warnings) log.warn(warning);
      let output: Record<string, string> = report.units;
      if (flags.files) {
        output = {};
        for (const [name, text] of Object.entries(report.units)) {
          const path = join(process.cwd(), `${name}.service`);
          await writeFile(path, text);
          output[name] = path;
        }
      }
      if (flags.format === 'json') process.stdout.write(`${unitsJson(output)}\n`);
      else
        for (const text of Object.values(output))
          process.stdout.write(flags.files ? `${text}\n` : text);
      if (flags.files)
        for (const line of userNextSteps(Object.keys(report.units), process.getuid?.() ?? 0))
          process.stderr.write(`${line}\n`);
    });
}

/** The seed's next steps for a normal user's units, one line each (berth runs none of them); none for root. */
export function userNextSteps(units: string[], uid: number): string[] {
  if (uid === 0) return [];
  const files = units.map((unit) => `${unit}.service`);
  return [
    `Move the unit files to ~/.config/systemd/user/: mkdir -p ~/.config/systemd/user && mv ${files.join(' ')} ~/.config/systemd/user/`,
    'Reload the user manager: systemctl --user daemon-reload',
    `Start now and at every login: systemctl --user enable --now ${files.join(' ')}`,
    'Keep them running without a login session: loginctl enable-linger $USER',
  ];
}
