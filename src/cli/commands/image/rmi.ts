// `berth rmi` / `berth image rm`: `Untagged:` lines, then `Deleted:` lines; podman's exit
// statuses (1: an image was not known, 2: an image is in use, 125: anything else).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

interface RmiFlags {
  all?: boolean;
  force?: boolean;
  ignore?: boolean;
}

export function registerRmi(parent: BerthCommand, globals: GlobalsReader, name = 'rmi'): void {
  parent
    .command(name)
    .description('Remove one or more images from local storage')
    .usage('[options] IMAGE [IMAGE...]')
    .argument('[images...]')
    .option('-a, --all', 'Remove all images')
    .option('-f, --force', 'Force Removal of the image')
    .option('-i, --ignore', 'Ignore errors if a specified image does not exist')
    .action(async (refs: string[], flags: RmiFlags) => {
      const options = {
        all: flags.all ?? false,
        force: flags.force ?? false,
        ignore: flags.ignore ?? false,
      };
      const report = await withEngine(globals, (engine) => engine.images.remove(refs, options));
      const lines = [
        ...report.untagged.map((n) => `Untagged: ${n}\n`),
        ...report.deleted.map((id) => `Deleted: ${id}\n`),
      ];
      process.stdout.write(lines.join(''));
      if (report.errors.length === 0) return;
      const messages = report.errors.map((error) => error.message);
      const text =
        messages.length === 1
          ? messages[0]
          : `${messages.length} errors occurred:\n${messages.map((m) => `\t* ${m}`).join('\n')}`;
      process.stderr.write(`Error: ${text}\n`);
      const codes = new Set(report.errors.map((error) => error.code));
      if (codes.has('IMAGE_IN_USE')) process.exitCode = 2;
      else if (codes.size === 1 && codes.has('NO_SUCH_IMAGE')) process.exitCode = 1;
      else process.exitCode = 125;
    });
}
