// The CLI program: global options, command registration, and the one place that turns an
// error into "Error: …" on stderr and an exit status. Commands load their engine lazily.
import { realpathSync } from 'node:fs';
import { Option } from 'commander';
import { BerthCommand, usage } from './berth-command.ts';
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import { isEnabled, isLogLevel, logLevels, setLogLevel } from '../lib/log.ts';
import {
  storageDrivers,
  type GlobalOptions,
  type StorageDriverName,
} from '../domain/global-options.ts';
import { berthVersion } from '../lib/berth-version.ts';
import { registerCommands } from './commands/register-commands.ts';

interface RawGlobals {
  root?: string;
  runroot?: string;
  runtime?: string;
  storageDriver?: string;
  cgroupManager?: string;
  logLevel: string;
}

function buildProgram(onlyCommand?: string): BerthCommand {
  const program = new BerthCommand('berth');
  program.onlyCommand = onlyCommand;
  program
    .description('Manage pods, containers and images')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .helpOption('-h, --help', 'Help for berth')
    .option(
      '--root <path>',
      'Path to the graph root directory where images and containers are stored',
    )
    .option('--runroot <path>', 'Path to the "run directory" where all state information is stored')
    .option('--runtime <path>', 'Path to the OCI-compatible binary used to run containers')
    .option(
      '--storage-driver <driver>',
      'Select which storage driver is used to manage storage of images and containers',
    )
    .option('--cgroup-manager <manager>', 'Cgroup manager to use ("cgroupfs")')
    .addOption(
      new Option(
        '--log-level <level>',
        `Log messages above specified level (${logLevels.join(', ')})`,
      ).default('warn'),
    )
    .option('-v, --version', 'Version for berth')
    .action(() => {
      if (program.opts<{ version?: boolean }>().version) {
        process.stdout.write(`berth version ${berthVersion}\n`);
        return;
      }
      program.outputHelp();
    });
  registerCommands(program, () => globalOptions(program));
  program.onlyCommand = undefined;
  return program;
}

function globalOptions(program: BerthCommand): GlobalOptions {
  const raw = program.opts<RawGlobals>();
  // The real path, not a PATH symlink: conmon runs this later as the exit command. `--` stops
  // node 20 from reading berth's own flags (it takes `--env-file` anywhere on its command line).
  const options: GlobalOptions = {
    env: process.env,
    selfCommand: [process.execPath, '--', realpathSync(process.argv[1] ?? 'berth')],
  };
  if (raw.root !== undefined) options.root = raw.root;
  if (raw.runroot !== undefined) options.runroot = raw.runroot;
  if (raw.runtime !== undefined) options.runtime = raw.runtime;
  if (raw.storageDriver !== undefined) {
    if (!(storageDrivers as readonly string[]).includes(raw.storageDriver)) {
      throw usage(
        `unknown storage driver "${raw.storageDriver}": use one of ${storageDrivers.join(', ')}`,
      );
    }
    options.storageDriver = raw.storageDriver as StorageDriverName;
  }
  if (raw.cgroupManager !== undefined) {
    if (raw.cgroupManager !== 'cgroupfs') {
      throw usage(`invalid cgroup manager "${raw.cgroupManager}": only "cgroupfs" is supported`);
    }
    options.cgroupManager = 'cgroupfs';
  }
  return options;
}

/** Global options that take a value as the next argument (podman's persistent flags). */
const globalsWithValue = new Set([
  '--root',
  '--runroot',
  '--runtime',
  '--storage-driver',
  '--cgroup-manager',
  '--log-level',
]);

/** The first word of argv that is not a global option or its value: the command's name. */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) return arg;
    if (globalsWithValue.has(arg)) i++;
  }
  return undefined;
}

/** --log-level must take effect before anything logs, so read it from argv ahead of parsing. */
function applyLogLevel(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return;
    const value = arg.startsWith('--log-level=')
      ? arg.slice('--log-level='.length)
      : arg === '--log-level'
        ? argv[i + 1]
        : undefined;
    if (value === undefined) continue;
    const level = value === 'warning' ? 'warn' : value;
    if (!isLogLevel(level)) {
      throw usage(
        `"${value}" is not a valid log level, please use one of: ${logLevels.join(', ')}`,
      );
    }
    setLogLevel(level);
  }
}

function report(error: unknown): number {
  if (isBerthError(error)) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`${error.hint}\n`);
    if (isEnabled('debug') && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitStatus;
  }
  const commanderCode = (error as { code?: unknown }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version')
    return 0;
  if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
    // commander already printed its message; podman's status for usage errors is 125.
    return (error as { exitCode?: number }).exitCode === 0 ? 0 : 125;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Error: ${message}\n`);
  if (isEnabled('debug') && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  return 125;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    applyLogLevel(argv);
    // Declare only the command named on the command line; when that is no command's name (an
    // alias, a typo, help), declare them all so aliases, help and errors work as before.
    const wanted = commandWord(argv);
    const narrow = wanted === undefined ? undefined : buildProgram(wanted);
    const program =
      narrow && narrow.commands.some((command) => command.name() === wanted)
        ? narrow
        : buildProgram();
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return report(error);
  }
}

export function reportFatal(error: unknown): number {
  return report(new BerthError('INTERNAL', String(error)));
}
