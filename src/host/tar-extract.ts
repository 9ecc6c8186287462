// Extracts a tar stream into a directory with GNU tar, keeping owners, modes, devices and
// trusted.* xattrs (overlay whiteouts). tar refuses members that climb out with `..`; the
// caller's stream transform is where absolute and escaping names are rejected.
import { spawn } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn } from './command.ts';
import { dieWithParent } from './parent-death.ts';

/** tar's short writes ("Wrote only N of M bytes") or ENOSPC, or a filesystem with no room left. */
async function diskFull(destination: string, tarMessage: string): Promise<boolean> {
  if (/No space left on device|Wrote only \d+ of \d+ bytes/.test(tarMessage)) return true;
  const stats = await statfs(destination).catch(() => undefined);
  return stats !== undefined && stats.bavail === 0;
}

/**
 * Extracts into destination. tar dies with this process: a pull killed mid-layer leaves no
 * extractor behind that writes into its staging dir after the next command swept it.
 */
export function extractTar(source: Readable, destination: string): Promise<void> {
  const argv = dieWithParent([
    'tar',
    '-x',
    '--same-permissions',
    '--same-owner',
    '--numeric-owner',
    '--xattrs',
    '--xattrs-include=trusted.*',
    '--xattrs-include=user.*',
    '--xattrs-include=security.capability',
    '-C',
    destination,
    '-f',
    '-',
  ]);
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0] ?? 'setpriv', argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined);
    source.on('error', (error) => {
      child.kill('SIGKILL');
      reject(error);
    });
    child.on('error', (error) =>
      reject(new BerthError('HOST_COMMAND_FAILED', `tar: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      logSpawn(argv, started, code ?? -1);
      if (code === 0) {
        resolvePromise();
        return;
      }
      const detail = Buffer.concat(stderr).toString().trim();
      void diskFull(destination, detail).then((full) =>
        reject(
          new BerthError(
            'STORAGE',
            full
              ? `extracting layer: write ${destination}: no space left on device`
              : `extracting layer: tar exit status ${code}: ${detail}`,
            full ? { hint: `tar said: ${detail}` } : {},
          ),
        ),
      );
    });
    source.pipe(child.stdin);
  });
}
