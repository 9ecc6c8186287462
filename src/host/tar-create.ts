// Streams a directory as a tar with GNU tar, reproducibly: names sorted, numeric owners, mtimes
// kept, atime/ctime dropped, xattrs in PAX records. Never rewrites entries (image/layer-tar.ts does).
import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn } from './command.ts';

/** The tar of `directory` (members named `./`, `./bin`, …); the stream errors if tar fails. */
export function createTar(directory: string): Readable {
  const argv = [
    'tar',
    '-c',
    '--format=posix',
    '--pax-option=delete=atime,delete=ctime',
    '--sort=name',
    '--numeric-owner',
    '--xattrs',
    '--xattrs-include=trusted.*',
    '--xattrs-include=user.*',
    '--xattrs-include=security.capability',
    '-C',
    directory,
    '-f',
    '-',
    '.',
  ];
  const started = performance.now();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const child = spawn(argv[0] ?? 'tar', argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.on('error', (error) =>
    out.destroy(new BerthError('HOST_COMMAND_FAILED', `tar: ${error.message}`, { cause: error })),
  );
  // The stream ends only once tar has exited cleanly, so a reader never takes a cut tar for whole.
  child.stdout.pipe(out, { end: false });
  let stdoutEnded = false;
  let exitCode: number | null | undefined;
  const settle = () => {
    if (!stdoutEnded || exitCode === undefined) return;
    logSpawn(argv, started, exitCode ?? -1);
    if (exitCode === 0) out.end();
    else
      out.destroy(
        new BerthError(
          'STORAGE',
          `creating layer tar of ${directory}: tar exit status ${exitCode}: ${Buffer.concat(stderr).toString().trim()}`,
        ),
      );
  };
  child.stdout.on('end', () => {
    stdoutEnded = true;
    settle();
  });
  child.on('close', (code) => {
    exitCode = code;
    settle();
  });
  out.on('close', () => {
    if (exitCode === undefined) child.kill('SIGKILL');
  });
  return out;
}
