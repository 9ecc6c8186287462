// `berth commit CONTAINER [IMAGE]`: a new image from the container's changes; prints its ID.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ContainerCommitOptions } from '../../../domain/volume-reports.ts';

interface CommitFlags {
  change?: string[];
  message?: string;
  author?: string;
  quiet?: boolean;
  pause?: boolean;
}

export function registerCommit(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('commit')
    .description('Create new image based on the changed container')
    .usage('[options] CONTAINER [IMAGE]')
    .argument('<container>')
    .argument('[image]')
    .option(
      '-c, --change <instruction>',
      'Apply the following possible instructions to the created image',
      collect,
    )
    .option('-m, --message <message>', 'Set commit message for imported image')
    .option('-a, --author <author>', 'Set the author for the image committed')
    .option('-q, --quiet', 'Suppress output')
    .option('-p, --pause', 'Pause container during commit')
    .action(async (ref: string, image: string | undefined, flags: CommitFlags) => {
      const options: ContainerCommitOptions = {
        ref,
        changes: flags.change ?? [],
        pause: flags.pause ?? false,
      };
      if (image !== undefined) options.image = image;
      if (flags.message !== undefined) options.message = flags.message;
      if (flags.author !== undefined) options.author = flags.author;
      const id = await withEngine(globals, (engine) => engine.containers.commit(options));
      process.stdout.write(`${id}\n`);
    });
}
