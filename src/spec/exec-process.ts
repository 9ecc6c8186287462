// The OCI `process` of an exec session, from the container's own (config.json) as podman 4's
// prepareProcessExec makes it: argv, terminal, env, cwd and user replaced, capabilities per
// --privileged and the user. Pure: the caller reads config.json, /etc/passwd and the host caps.
import type { OciProcess } from './oci-types.ts';
import type { ResolvedUser } from './spec-input.ts';

export interface ExecProcessRequest {
  command: readonly string[];
  /** -t */
  tty: boolean;
  /** -e values: KEY=VAL sets KEY; a bare KEY takes hostEnv's value (dropped when unset). */
  env: readonly string[];
  hostEnv: Readonly<Record<string, string | undefined>>;
  /** -w; default the container's cwd. */
  workdir?: string;
  /** -u resolved in the container; undefined keeps the container's user. */
  user?: ResolvedUser;
  /** No -u, or -u naming the container's own user: it keeps the container's capabilities. */
  asContainerUser: boolean;
  /** --privileged: the capabilities the process gets (the host's bounding set, podman's BoundingSet()). */
  privilegedCapabilities?: readonly string[];
}

export function execProcess(container: OciProcess, request: ExecProcessRequest): OciProcess {
  const exec: OciProcess = {
    ...container,
    args: [...request.command],
    terminal: request.tty,
    env: mergeExecEnv(container.env, request.env, request.hostEnv),
  };
  if (request.workdir !== undefined) exec.cwd = request.workdir;
  if (request.user !== undefined) {
    const { uid, gid, additionalGids } = request.user;
    // podman's exec -u passes only the user's supplementary groups, not its primary gid again.
    exec.user = {
      ...container.user,
      uid,
      gid,
      additionalGids: additionalGids.filter((id) => id !== gid),
    };
    if (!exec.env.some((entry) => entry.startsWith('HOME=')) && request.user.home !== undefined) {
      exec.env.push(`HOME=${request.user.home}`);
    }
  }
  exec.capabilities = execCapabilities(container, exec.user.uid, request);
  return exec;
}

/**
 * podman: the bounding set is the host's with --privileged, else the container's; inheritable is
 * always cleared; root gets the whole bounding set as effective and permitted; the container's own
 * non-root user keeps the container's effective set everywhere; another user keeps what the
 * container's process had.
 */
function execCapabilities(container: OciProcess, uid: number, request: ExecProcessRequest) {
  const own = container.capabilities ?? {};
  const bounding = request.privilegedCapabilities
    ? [...request.privilegedCapabilities]
    : (own.bounding ?? []);
  if (uid === 0)
    return { ...own, bounding, effective: bounding, permitted: bounding, inheritable: [] };
  if (request.asContainerUser) {
    const effective = own.effective ?? [];
    return {
      bounding,
      effective,
      inheritable: effective,
      permitted: effective,
      ambient: effective,
    };
  }
  return { ...own, bounding, inheritable: [] };
}

/** The container's env with -e applied: KEY=VAL replaces KEY; a bare KEY takes the host's value. */
function mergeExecEnv(
  base: readonly string[],
  extra: readonly string[],
  hostEnv: ExecProcessRequest['hostEnv'],
): string[] {
  const env = new Map(base.map((entry) => [entry.split('=')[0] ?? entry, entry]));
  for (const entry of extra) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? hostEnv[key] : entry.slice(eq + 1);
    if (value !== undefined) env.set(key, `${key}=${value}`);
  }
  return [...env.values()];
}
