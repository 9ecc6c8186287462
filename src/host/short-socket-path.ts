// A unix socket path must fit sun_path (107 bytes and a NUL). Deep stores (a long --runroot) put
// conmon's attach socket further down than that; conmon binds it through a short symlink, and
// berth connects through /proc/self/fd/N/NAME, where N is an open descriptor of its directory.
import { closeSync, openSync } from 'node:fs';
import { basename, dirname } from 'node:path';

const maxSocketPath = 107;

/** Runs `connect` with a path short enough to connect to `path`; the directory fd is closed after. */
export async function withShortSocketPath<T>(
  path: string,
  connect: (usable: string) => Promise<T>,
): Promise<T> {
  if (Buffer.byteLength(path) <= maxSocketPath) return connect(path);
  const fd = openSync(dirname(path), 'r');
  try {
    return await connect(`/proc/self/fd/${fd}/${basename(path)}`);
  } finally {
    closeSync(fd);
  }
}
