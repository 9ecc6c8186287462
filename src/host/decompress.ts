// Decompresses a layer or tarball stream: gzip in-process, zstd through Debian's zstd tool
// (node 20 has no zstd). Returns the uncompressed stream.
import { spawn } from 'node:child_process';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Compression } from '../lib/compression.ts';
import { BerthError } from '../lib/berth-error.ts';

export function decompress(source: Readable, compression: Compression): Readable {
  if (compression === 'none') return source;
  if (compression === 'gzip') return source.pipe(createGunzip());
  const child = spawn('zstd', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => undefined);
  child.on('error', (error) =>
    child.stdout.destroy(
      new BerthError('HOST_COMMAND_FAILED', `zstd: ${error.message}`, {
        hint: 'install zstd (apt-get install zstd)',
        cause: error,
      }),
    ),
  );
  child.on('close', (code) => {
    if (code !== 0)
      child.stdout.destroy(
        new BerthError(
          'STORAGE',
          `zstd: exit status ${code}: ${Buffer.concat(stderr).toString().trim()}`,
        ),
      );
  });
  source.pipe(child.stdin);
  return child.stdout;
}
