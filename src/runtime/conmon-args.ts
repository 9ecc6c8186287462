// Builds conmon's argv for a container create, as podman 4 passes it (reference/conmon.md §2-3).
// Pure data: spawning happens in host/monitor-spawn.ts.

export interface ConmonCreateArgs {
  conmonPath: string;
  runtimePath: string;
  /** Global args for the runtime (e.g. ['--root', '/run/berth/runc']). */
  runtimeArgs: readonly string[];
  containerId: string;
  name: string;
  bundleDir: string;
  containerPidFile: string;
  conmonPidFile: string;
  exitDir: string;
  persistDir: string;
  /** k8s-file log path; undefined = log driver none. */
  logPath: string | undefined;
  /** --log-driver passthrough: the container writes to conmon's own stdout/stderr (logPath ignored). */
  passthrough?: boolean;
  /** --log-opt max-size in bytes; -1 = unlimited. */
  logSizeMaxBytes: number;
  tty: boolean;
  stdin: boolean;
  /** conmon's --exit-command: [path, ...args]. */
  exitCommand: readonly string[];
  logLevel: string;
}

export function conmonCreateArgv(args: ConmonCreateArgs): string[] {
  const argv = [
    args.conmonPath,
    '--api-version', '1',
    '-c', args.containerId,
    '-u', args.containerId,
    '-r', args.runtimePath,
    '-b', args.bundleDir,
    '-p', args.containerPidFile,
    '-n', args.name,
    '--exit-dir', args.exitDir,
    '--persist-dir', args.persistDir,
    '--full-attach',
  ];
  if (args.passthrough) argv.push('-l', 'passthrough');
  else {
    argv.push('-l', args.logPath === undefined ? 'none' : `k8s-file:${args.logPath}`);
    if (args.logPath !== undefined) argv.push('--log-size-max', String(args.logSizeMaxBytes));
  }
  argv.push('--log-level', args.logLevel === 'trace' ? 'debug' : args.logLevel === 'warn' ? 'warning' : args.logLevel);
  argv.push('-P', args.conmonPidFile);
  // podman's rule: -t for a tty, else -i when stdin stays open. Both at once would make conmon
  // close the pty's input when the first attach client leaves, so a re-attach could not type.
  if (args.tty) argv.push('-t');
  else if (args.stdin) argv.push('-i');
  for (const arg of args.runtimeArgs) argv.push('--runtime-arg', arg);
  const [exitPath, ...exitArgs] = args.exitCommand;
  if (exitPath !== undefined) {
    argv.push('--exit-command', exitPath);
    for (const arg of exitArgs) argv.push('--exit-command-arg', arg);
  }
  return argv;
}
