// `exec`: runs a process in a running container through the OCI runtime's own `exec`, attached
// to berth's stdio (the runtime allocates the pty for -t). The process spec starts from the
// container's config.json process, as podman's does.
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { runDetaching, runForeground } from '../host/command.ts';
import { readRootfsFile } from '../host/rootfs-file.ts';
import { resolveUser } from '../spec/oci-spec.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';
import { runtimeForContainer } from './container-runtime.ts';
import { isRuntimeFailure, runtimeFailure, runtimeLogLine, runtimeMessage } from '../runtime/runtime-failure.ts';

export interface ExecRequest {
  command: string[];
  tty: boolean;
  interactive: boolean;
  detach: boolean;
  env: string[];
  user?: string;
  workdir?: string;
}

interface ProcessSpec {
  terminal?: boolean;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env?: string[];
  cwd?: string;
  [key: string]: unknown;
}

export async function execInContainer(ctx: EngineContext, id: string, request: ExecRequest): Promise<number> {
  const stored = ctx.state.containers.get(id);
  if (!stored) throw new BerthError('NO_SUCH_CONTAINER', `no container with ID ${id} found in database: no such container`);
  const record = await syncContainer(ctx, stored);
  if (record.state !== 'running') {
    throw new BerthError('CONTAINER_STATE', 'can only create exec sessions on running containers: container state improper');
  }
  const paths = containerPaths(ctx.paths, id);
  const spec = JSON.parse(await readFile(paths.configJson, 'utf8')) as { process: ProcessSpec };
  const process: ProcessSpec = { ...spec.process, args: request.command, terminal: request.tty };
  process.env = mergeExecEnv(process.env ?? [], request.env);
  if (request.workdir !== undefined) process.cwd = request.workdir;
  if (request.user !== undefined) {
    const rootfs = readStateData(record.stateData, id).mountPoint ?? '';
    const user = resolveUser(request.user, await readRootfsFile(rootfs, '/etc/passwd'), await readRootfsFile(rootfs, '/etc/group'));
    // podman's exec -u passes only the user's supplementary groups, not its primary gid again.
    process.user = { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids.filter((gid) => gid !== user.gid) };
  }
  const processFile = join(paths.bundle, `exec-${randomBytes(6).toString('hex')}.json`);
  await writeFile(processFile, JSON.stringify(process));
  const runtime = await runtimeForContainer(ctx, id);
  const runtimeName = basename(runtime.path);
  const argv = runtime.execArgv(id, ['--process', processFile, ...(request.detach ? ['--detach'] : []), ...(request.tty && !request.detach ? ['--tty'] : [])]);
  try {
    if (request.detach) {
      await runDetaching(argv, paths.bundle);
      return 0;
    }
    const result = await runForeground(argv, { stdin: request.interactive || request.tty, holdBack: runtimeLogLine });
    return execStatus(runtimeName, result.status, result.heldBack);
  } finally {
    await rm(processFile, { force: true });
  }
}

/** `-e KEY=VAL` replaces the container's KEY; a bare KEY takes the host's value (dropped if unset). */
function mergeExecEnv(base: string[], extra: string[]): string[] {
  const env = new Map(base.map((entry) => [entry.split('=')[0] ?? entry, entry]));
  for (const entry of extra) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? globalThis.process.env[key] : entry.slice(eq + 1);
    if (value !== undefined) env.set(key, `${key}=${value}`);
  }
  return [...env.values()];
}

/** The runtime exits 255 with its own line when it could not start the process: podman's error then. */
function execStatus(runtimeName: string, status: number, runtimeLines: string[]): number {
  if (!isRuntimeFailure(status, runtimeLines)) {
    for (const line of runtimeLines) process.stderr.write(`${line}\n`);
    return status;
  }
  throw runtimeFailure(runtimeName, runtimeMessage(runtimeLines.join('\n')));
}
