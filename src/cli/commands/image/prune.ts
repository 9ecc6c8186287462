// `berth image prune [-a] [-f]`: removes dangling (or, with -a, unused) images and prints their
// IDs. Without -f it asks podman's question on stdin first.
import { createInterface } from 'node:readline/promises';
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerImagePrune(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('prune')
    .description('Remove unused images')
    .option('-a, --all', 'Remove all images not in use by containers, not just dangling ones')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (flags: { all?: boolean; force?: boolean }) => {
      const all = flags.all ?? false;
      if (!flags.force && !(await confirm(all))) return;
      const removed = await withEngine(globals, (engine) => engine.images.prune({ all }));
      process.stdout.write(removed.map((id) => `${id}\n`).join(''));
    });
}

async function confirm(all: boolean): Promise<boolean> {
  const what = all
    ? 'WARNING! This command removes all images without at least one container associated with them.'
    : 'WARNING! This command removes all dangling images.';
  process.stdout.write(`${what}\nAre you sure you want to continue? [y/N] `);
  const reader = createInterface({ input: process.stdin });
  const answer = await new Promise<string>((resolve) => {
    reader.once('line', resolve);
    reader.once('close', () => resolve(''));
  });
  reader.close();
  return answer.trim().toLowerCase().startsWith('y');
}
