// Writes the config files of, starts, reloads and stops aardvark-dns (podman's DNS server) for one
// config directory. One process serves every network file in the directory; it daemonizes and
// writes aardvark.pid there.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';

const candidates = [
  '/usr/libexec/podman/aardvark-dns',
  '/usr/lib/podman/aardvark-dns',
  '/usr/local/libexec/podman/aardvark-dns',
  '/usr/local/lib/podman/aardvark-dns',
];

async function aardvarkPath(): Promise<string> {
  for (const path of candidates) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  throw new BerthError('HOST_COMMAND_FAILED', 'aardvark-dns not found: container DNS needs it', {
    hint: 'Install the aardvark-dns package, or create the network with --disable-dns.',
  });
}

/** True when the config directory exists (DNS was used here since boot). */
export function aardvarkConfigured(configDir: string): boolean {
  return listDir(configDir) !== undefined;
}

/** Makes the directory hold exactly these network files (and aardvark's pid file). */
export function writeAardvarkFiles(
  configDir: string,
  files: readonly { name: string; content: string }[],
): void {
  mkdirSync(configDir, { recursive: true });
  for (const file of files) {
    // Written beside the dir and renamed in: aardvark never reads half a file.
    const temp = join(configDir, '..', `.${file.name}.tmp`);
    writeFileSync(temp, file.content);
    renameSync(temp, join(configDir, file.name));
  }
  for (const name of listDir(configDir) ?? []) {
    if (name !== 'aardvark.pid' && !files.some((file) => file.name === name))
      rmSync(join(configDir, name), { force: true });
  }
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

/** The running aardvark-dns of this config dir, or undefined. */
export async function aardvarkPid(configDir: string): Promise<number | undefined> {
  const pid = Number.parseInt(
    await readFile(join(configDir, 'aardvark.pid'), 'utf8').catch(() => ''),
    10,
  );
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  return comm.trim() === 'aardvark-dns' ? pid : undefined;
}

/** Starts aardvark-dns on port 53 of every network file's gateway, or makes the running one re-read its files. */
export async function startOrReloadAardvark(configDir: string): Promise<number> {
  const running = await aardvarkPid(configDir);
  if (running !== undefined) {
    process.kill(running, 'SIGHUP');
    return running;
  }
  const argv = [await aardvarkPath(), '--config', configDir, '-p', '53', 'run'];
  const started = Date.now();
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: 'ignore', detached: true });
  child.unref();
  // aardvark-dns forks a daemon and writes aardvark.pid once it serves.
  for (let waited = 0; waited < 3000; waited += 20) {
    const pid = await aardvarkPid(configDir);
    if (pid !== undefined) {
      log.debug(`started ${argv.join(' ')} (pid ${pid}) in ${Date.now() - started} ms`);
      return pid;
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
  }
  throw new BerthError('HOST_COMMAND_FAILED', `aardvark-dns did not start for ${configDir}`);
}

export async function stopAardvark(configDir: string): Promise<void> {
  const pid = await aardvarkPid(configDir);
  if (pid !== undefined) process.kill(pid, 'SIGTERM');
}
