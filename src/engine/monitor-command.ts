// What every conmon berth spawns (a container's or an exec session's) shares: the environment it
// gets and the exit command it runs, `berth --root R --runroot RR … container cleanup …`.
import { logLevel } from '../lib/log.ts';
import type { EngineContext } from './engine-context.ts';

/** conmon's exit command: this berth with the store's paths, then `container cleanup ARGS`. */
export function cleanupCommand(ctx: EngineContext, args: readonly string[]): string[] {
  return [
    ...ctx.options.selfCommand,
    '--root',
    ctx.paths.root,
    '--runroot',
    ctx.paths.runroot,
    '--log-level',
    logLevel(),
    'container',
    'cleanup',
    ...args,
  ];
}

/**
 * The shell guard in front of a --rm foreground run's exit command: while the client that waits
 * for the run (pid and start time in the marker file) is alive, it cleans up itself and the exit
 * command would only find it done, so the guard exits without starting berth (a whole Node
 * process, ~60 ms of CPU here). A client that is gone, a zombie, or a reused pid: berth runs.
 */
const skipWhileClientWaits =
  'if read p s < "$1" 2>/dev/null; then st=$(cut -d" " -f3,22 "/proc/$p/stat" 2>/dev/null); ' +
  'case "$st" in Z*|X*|"") ;; *" $s") exit 0 ;; esac; fi; shift; exec "$@"';

/** command behind the guard: skipped while the client named in markerPath waits for the run. */
export function guardedByWaitingClient(markerPath: string, command: readonly string[]): string[] {
  return ['/bin/sh', '-c', skipWhileClientWaits, 'berth-exit-guard', markerPath, ...command];
}

/** The environment conmon runs with: never a systemd notify socket (berth answers it), nor Node's CA bundle. */
export function conmonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NOTIFY_SOCKET: _notify, NODE_EXTRA_CA_CERTS: _ca, ...rest } = env;
  return rest;
}
