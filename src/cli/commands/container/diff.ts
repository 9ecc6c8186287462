// `berth diff CONTAINER`: podman's `C /etc`, `A /etc/x`, `D /y` lines, or JSON with --format json.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerDiff(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('diff')
    .description("Inspect changes to the container's file systems")
    .usage('[options] CONTAINER')
    .argument('<container>')
    .option('--format <format>', 'Change the output format (json)')
    .action(async (ref: string, flags: { format?: string }) => {
      const entries = await withEngine(globals, (engine) => engine.containers.diff(ref));
      if (flags.format === 'json') {
        const pick = (kind: string) =>
          entries.filter((entry) => entry.kind === kind).map((entry) => entry.path);
        const json: Record<string, string[]> = {};
        for (const [key, kind] of [
          ['changed', 'C'],
          ['added', 'A'],
          ['deleted', 'D'],
        ] as const)
          if (pick(kind).length > 0) json[key] = pick(kind);
        process.stdout.write(`${JSON.stringify(json, null, 4)}\n`);
        return;
      }
      process.stdout.write(entries.map((entry) => `${entry.kind} ${entry.path}\n`).join(''));
    });
}
