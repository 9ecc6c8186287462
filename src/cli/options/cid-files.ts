// stop/rm --cidfile: the container IDs the files hold (first line each), read by the client.
import { readFile } from 'node:fs/promises';
import { BerthError } from '../../lib/berth-error.ts';

/** With --ignore a missing file is skipped (a unit's ExecStop after the container is gone). */
export async function readCidFiles(paths: string[], ignore: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (ignore && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new BerthError(
        'INVALID_ARGUMENT',
        `reading CIDFile: open ${path}: no such file or directory`,
        {
          cause: error,
        },
      );
    }
    ids.push(text.split('\n')[0] ?? '');
  }
  return ids;
}
