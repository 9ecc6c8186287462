// Builds conmon's argv for a container create and for an exec session, as podman 4 passes them
// (reference/conmon.md §2-3, §8). Pure data: spawning happens in host/monitor-spawn.ts.

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
    '--api-version',
    '1',
    '-c',
    args.containerId,
    '-u',
    args.containerId,
    '-r',
    args.runtimePath,
    '-b',
    args.bundleDir,
    '-p',
    args.containerPidFile,
    '-n',
    args.name,
    '--exit-dir',
    args.exitDir,
    '--persist-dir',
    args.persistDir,
    '--full-attach',
  ];
  if (args.passthrough) argv.push('-l', 'passthrough');
  else {
    argv.push('-l', args.logPath === undefined ? 'none' : `k8s-file:${args.logPath}`);
    if (args.logPath !== undefined) argv.push('--log-size-max', String(args.logSizeMaxBytes));
  }
  argv.push('--log-level', conmonLogLevel(args.logLevel));
  argv.push('-P', args.conmonPidFile);
  // podman's rule: -t for a tty, else -i when stdin stays open. Both at once would make conmon
  // close the pty's input when the first attach client leaves, so a re-attach could not type.
  if (args.tty) argv.push('-t');
  else if (args.stdin) argv.push('-i');
  for (const arg of args.runtimeArgs) argv.push('--runtime-arg', arg);
  argv.push(...exitCommandArgs(args.exitCommand));
  return argv;
}

export interface ConmonExecArgs {
  conmonPath: string;
  runtimePath: string;
  /** Global args for the runtime, placed before its `exec`. */
  runtimeArgs: readonly string[];
  containerId: string;
  /** The exec session's id: conmon's -u. */
  sessionId: string;
  name: string;
  /** The session's own dir: conmon binds `attach` and makes `ctl`/`winsz` there. */
  sessionDir: string;
  /** Where the runtime writes the exec'd process's pid. */
  pidFile: string;
  /** conmon writes `<exitDir>/<containerId>` with the exit status. */
  exitDir: string;
  /** The OCI `process` JSON for `runtime exec --process`. */
  processSpecPath: string;
  tty: boolean;
  /** A stdin pipe the attach client writes into (-i). */
  stdin: boolean;
  /** conmon's --exit-command: [path, ...args]. */
  exitCommand: readonly string[];
  logLevel: string;
}

/**
 * `conmon -e --exec-attach`: conmon binds the session's attach socket, reports on the attach
 * pipe, then waits for a second start byte before it runs `runtime exec --detach`. No log: podman
 * 4 passes `-l none` for exec sessions; the output reaches attach clients only.
 */
export function conmonExecArgv(args: ConmonExecArgs): string[] {
  const argv = [
    args.conmonPath,
    '--api-version',
    '1',
    '-c',
    args.containerId,
    '-u',
    args.sessionId,
    '-r',
    args.runtimePath,
    '-b',
    args.sessionDir,
    '-p',
    args.pidFile,
    '-n',
    args.name,
    '--exit-dir',
    args.exitDir,
    '--full-attach',
    '-l',
    'none',
    '--log-level',
    conmonLogLevel(args.logLevel),
  ];
  for (const arg of args.runtimeArgs) argv.push('--runtime-arg', arg);
  // Unlike create, both at once: a tty's input and a stdin that closes when the client leaves.
  if (args.tty) argv.push('-t');
  if (args.stdin) argv.push('-i');
  argv.push('-e', '--exec-attach', '--exec-process-spec', args.processSpecPath);
  argv.push(...exitCommandArgs(args.exitCommand));
  return argv;
}

function conmonLogLevel(level: string): string {
  return level === 'trace' ? 'debug' : level === 'warn' ? 'warning' : level;
}

function exitCommandArgs(command: readonly string[]): string[] {
  const [exitPath, ...exitArgs] = command;
  if (exitPath === undefined) return [];
  return ['--exit-command', exitPath, ...exitArgs.flatMap((arg) => ['--exit-command-arg', arg])];
}
