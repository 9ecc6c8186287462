// Extracts a tar stream into a directory with GNU tar, keeping owners, modes, devices and
// trusted.* xattrs (overlay whiteouts). tar refuses members that climb out with `..`; the
// caller's stream transform is where absolute and escaping names are rejected.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn } from './command.ts';

export function extractTar(source: Readable, destination: string): Promise<void> {
  const argv = [
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
  ];
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0] ?? 'tar', argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
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
      if (code === 0) resolvePromise();
      else
        reject(
          new BerthError(
            'STORAGE',
            `extracting layer: tar exit status ${code}: ${Buffer.concat(stderr).toString().trim()}`,
          ),
        );
    });
    source.pipe(child.stdin);
  });
}
