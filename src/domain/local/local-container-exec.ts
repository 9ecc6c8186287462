// The local ContainerExecApi: resolves the container (name, ID prefix, --latest), then drives the
// engine's exec sessions. A foreground `exec` drops its session once it ends, as podman does.
import type { ContainerExecApi, ExecCreateOptions } from '../container-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import {
  cleanupExecSession,
  createExecSession,
  execSessionReport,
  resizeExecSession,
} from '../../engine/container-exec.ts';
import { startExecSession } from '../../engine/exec-session-start.ts';
import { BerthError } from '../../lib/berth-error.ts';
import { targets } from './container-verbs.ts';

export function localContainerExec(ctx: EngineContext): ContainerExecApi {
  const create = async (options: ExecCreateOptions): Promise<string> => {
    const [target] = targets(ctx, {
      refs: options.ref === undefined ? [] : [options.ref],
      all: false,
      latest: options.latest,
    });
    if (!target?.id)
      throw target?.error
        ? BerthError.fromData(target.error)
        : new BerthError('NO_SUCH_CONTAINER', 'no such container');
    return createExecSession(ctx, target.id, {
      command: options.command,
      tty: options.tty,
      interactive: options.interactive,
      env: options.env,
      privileged: options.privileged ?? false,
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.workdir !== undefined ? { workdir: options.workdir } : {}),
    });
  };
  return {
    exec: async (options, streams) => {
      const sessionId = await create(options);
      const exitCode = await startExecSession(
        ctx,
        sessionId,
        options.detach ? undefined : streams,
        {
          removeWhenDone: true,
        },
      );
      return exitCode === undefined ? { sessionId } : { sessionId, exitCode };
    },
    execCreate: async (options) => ({ sessionId: await create(options) }),
    execStart: async (sessionId, streams) => {
      const exitCode = await startExecSession(ctx, sessionId, streams);
      return exitCode === undefined ? { sessionId } : { sessionId, exitCode };
    },
    execInspect: (sessionId) => execSessionReport(ctx, sessionId),
    execResize: (sessionId, size) => resizeExecSession(ctx, sessionId, size.rows, size.columns),
    execCleanup: async (ref, sessionId) => {
      const record = ctx.state.containers.get(ref) ?? ctx.state.containers.getByName(ref);
      await cleanupExecSession(ctx, record?.id ?? ref, sessionId);
    },
  };
}
