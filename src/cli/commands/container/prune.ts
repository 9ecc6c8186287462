// `berth container prune`: removes every non-running container after a confirmation (skipped
// with -f); prints each removed ID.
import { createInterface } from 'node:readline/promises';
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';

export function registerContainerPrune(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('prune')
    .description('Remove all non running containers')
    .usage('[options]')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (flags: { force?: boolean }) => {
      if (!flags.force && !(await confirm())) return;
      const reports = await withEngine(globals, (engine) => engine.containers.prune());
      printVerbReports(reports);
    });
}

async function confirm(): Promise<boolean> {
  process.stdout.write('WARNING! This will remove all non running containers.\n');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question('Are you sure you want to continue? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
