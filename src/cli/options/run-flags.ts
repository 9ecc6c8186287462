// run/create's security, resource and lifecycle flags: declared once for both commands, and
// the client-side work they need (reading --env-file, the host env for --env-host, --cidfile).
import { readFile, writeFile } from 'node:fs/promises';
import { BerthError } from '../../lib/berth-error.ts';
import type { ContainerRunFlags, ContainerRunOptions } from '../../domain/container-reports.ts';
import type { ContainerNetworkFlags } from '../../domain/network-reports.ts';
import type { BerthCommand } from '../berth-command.ts';
import { collect } from '../berth-command.ts';
import { parseInteger, parseSeconds } from './numbers.ts';

export interface ExtraRunFlags {
  label?: string[];
  annotation?: string[];
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  readOnly?: boolean;
  readOnlyTmpfs?: string | boolean;
  tmpfs?: string[];
  envFile?: string[];
  envHost?: boolean;
  stopSignal?: string;
  stopTimeout?: number;
  restart?: string;
  detachKeys?: string;
  sigProxy?: string | boolean;
  cidfile?: string;
  logDriver?: string;
  init?: boolean;
  initPath?: string;
  ulimit?: string[];
  pidsLimit?: number;
  memory?: string;
  cpus?: string;
  shmSize?: string;
  pull?: string;
  ip?: string;
  macAddress?: string;
  networkAlias?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOption?: string[];
  addHost?: string[];
  replace?: boolean;
  cgroups?: string;
  sdnotify?: string;
}

export function declareRunFlags(command: BerthCommand): BerthCommand {
  return command
    .option('--label <key=value>', 'Set metadata on container', collect)
    .option('--annotation <key=value>', 'Add annotations to container (key=value)', collect)
    .option('--privileged', 'Give extended privileges to container')
    .option('--cap-add <capability>', 'Add capabilities to the container', collect)
    .option('--cap-drop <capability>', 'Drop capabilities from the container', collect)
    .option('--read-only', 'Make containers root filesystem read-only')
    .option(
      '--read-only-tmpfs [bool]',
      'When running --read-only containers mount read-write tmpfs on /dev, /dev/shm, /run, /tmp and /var/tmp',
    )
    .option('--tmpfs <tmpfs>', 'Mount a temporary filesystem (tmpfs) into a container', collect)
    .option('--env-file <file>', 'Read in a file of environment variables', collect)
    .option('--env-host', 'Use all current host environment variables in container')
    .option('--stop-signal <signal>', 'Signal to stop a container. Default is SIGTERM')
    .option(
      '--stop-timeout <seconds>',
      'Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL',
      parseSeconds('stop-timeout'),
    )
    .option(
      '--restart <policy>',
      'Restart policy to apply when a container exits ("always"|"no"|"on-failure"|"unless-stopped")',
    )
    .option(
      '--detach-keys <keys>',
      'Override the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value>',
    )
    .option('--sig-proxy [bool]', 'Proxy received signals to the process')
    .option('--cidfile <file>', 'Write the container ID to the file')
    .option('--log-driver <driver>', 'Logging driver for the container')
    .option(
      '--init',
      'Run an init binary inside the container that forwards signals and reaps processes',
    )
    .option('--init-path <path>', 'Path to the container-init binary')
    .option('--ulimit <limit>', 'Ulimit options', collect)
    .option(
      '--pids-limit <n>',
      'Tune container pids limit (set -1 for unlimited)',
      parseInteger('pids-limit'),
    )
    .option(
      '-m, --memory <bytes>',
      'Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))',
    )
    .option('--cpus <n>', 'Number of CPUs. The default is 0.000 which means no limit')
    .option(
      '--shm-size <bytes>',
      'Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))',
    )
    .option('--ip <address>', 'Specify a static IPv4 address for container')
    .option('--mac-address <address>', 'Container MAC address (e.g. 92:d0:c6:0a:29:33)')
    .option('--network-alias <alias>', 'Add network-scoped alias for the container', collect)
    .option('--dns <ip>', 'Set custom DNS servers', collect)
    .option('--dns-search <domain>', 'Set custom DNS search domains', collect)
    .option('--dns-option <option>', 'Set custom DNS options', collect)
    .option('--add-host <host:ip>', 'Add a custom host-to-IP mapping (host:ip)', collect)
    .option('--pull <policy>', 'Pull image policy ("always"|"missing"|"never"|"newer")', 'missing')
    .option('--replace', 'If a container with the same name exists, replace it')
    .option(
      '--cgroups <how>',
      'control container cgroup configuration ("enabled"|"disabled"|"no-conmon"|"split")',
    )
    .option('--sdnotify <how>', 'control sd-notify behavior ("container"|"conmon"|"ignore")');
}

/** Fills options.flags and the environment from --env-host and --env-file (podman's order: host, file, -e). */
export async function applyRunFlags(
  options: ContainerRunOptions,
  flags: ExtraRunFlags,
): Promise<void> {
  const envHost = flags.envHost
    ? Object.entries(process.env).map(([key, value]) => `${key}=${value ?? ''}`)
    : [];
  const envFiles = (await Promise.all((flags.envFile ?? []).map(readEnvFile))).flat();
  options.env = [...envHost, ...envFiles, ...options.env];
  if (
    flags.cidfile !== undefined &&
    (await readFile(flags.cidfile).then(
      () => true,
      () => false,
    ))
  ) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `container id file exists. Ensure another container is not using it or delete ${flags.cidfile}`,
    );
  }
  options.networkFlags = networkFlags(flags);
  if (flags.detachKeys !== undefined) options.detachKeys = flags.detachKeys;
  if (flags.replace) options.replace = true;
  const run: ContainerRunFlags = {};
  const set = <K extends keyof ContainerRunFlags>(
    key: K,
    value: ContainerRunFlags[K] | undefined,
  ) => {
    if (value !== undefined) run[key] = value;
  };
  set('labels', flags.label);
  set('annotations', flags.annotation);
  set('privileged', flags.privileged);
  set('capAdd', flags.capAdd);
  set('capDrop', flags.capDrop);
  set('readOnly', flags.readOnly);
  set(
    'readOnlyTmpfs',
    flags.readOnlyTmpfs === undefined
      ? undefined
      : flags.readOnlyTmpfs !== 'false' && flags.readOnlyTmpfs !== false,
  );
  set('tmpfs', flags.tmpfs);
  set('stopSignal', flags.stopSignal);
  set('stopTimeoutSeconds', flags.stopTimeout);
  set('restart', flags.restart);
  set('ulimits', flags.ulimit);
  set('pidsLimit', flags.pidsLimit);
  set('memory', flags.memory);
  set('cpus', flags.cpus === undefined ? undefined : parseCpus(flags.cpus));
  set('shmSize', flags.shmSize);
  set('logDriver', flags.logDriver);
  set('init', flags.init);
  set('initPath', flags.initPath);
  set('cgroups', flags.cgroups);
  set('sdNotify', flags.sdnotify);
  options.flags = run;
}

function parseCpus(text: string): number {
  const cpus = Number(text);
  if (!Number.isFinite(cpus) || cpus < 0)
    throw new BerthError(
      'USAGE',
      `invalid argument "${text}" for "--cpus" flag: strconv.ParseFloat: parsing "${text}": invalid syntax`,
    );
  return cpus;
}

/** podman's env file: KEY=VALUE lines, bare KEY takes the host's value, # comments and blank lines skipped. */
export async function readEnvFile(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new BerthError('INVALID_ARGUMENT', `open ${path}: no such file or directory`, {
      cause: error,
    });
  });
  return text
    .split('\n')
    .map((line) => line.replace(/^\s+/, '').replace(/\r$/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => {
      if (line.includes('=')) return [line];
      const value = process.env[line];
      return value === undefined ? [] : [`${line}=${value}`];
    });
}

export async function writeCidFile(path: string | undefined, id: string): Promise<void> {
  if (path !== undefined) await writeFile(path, id, { flag: 'wx' });
}

function networkFlags(flags: ExtraRunFlags): ContainerNetworkFlags {
  for (const spec of flags.addHost ?? []) {
    if (!/^[^:]+:.+$/.test(spec))
      throw new BerthError(
        'INVALID_ARGUMENT',
        `invalid IP address in add-host: "${spec.split(':')[1] ?? ''}"`,
      );
  }
  const result: ContainerNetworkFlags = {};
  if (flags.ip !== undefined) result.ip = flags.ip;
  if (flags.macAddress !== undefined) result.mac = flags.macAddress;
  if (flags.networkAlias !== undefined) result.aliases = flags.networkAlias;
  if (flags.dns !== undefined) result.dns = flags.dns;
  if (flags.dnsSearch !== undefined) result.dnsSearch = flags.dnsSearch;
  if (flags.dnsOption !== undefined) result.dnsOptions = flags.dnsOption;
  if (flags.addHost !== undefined) result.addHosts = flags.addHost;
  return result;
}
