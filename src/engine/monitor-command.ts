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

/** The environment conmon runs with: never a systemd notify socket (berth answers it), nor Node's CA bundle. */
export function conmonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NOTIFY_SOCKET: _notify, NODE_EXTRA_CA_CERTS: _ca, ...rest } = env;
  return rest;
}
