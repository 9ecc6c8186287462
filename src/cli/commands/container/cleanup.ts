// `berth container cleanup ID`: conmon's exit command. Hidden from help, idempotent.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerCleanup(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('cleanup', { hidden: true })
    .description('Clean up network and mountpoints of one or more containers')
    .argument('<container>')
    .option('--run-id <id>', 'Only clean up if the container is still in this run')
    .option('--exec <session>', 'Clean up the given exec session instead of the container')
    .action(async (container: string, flags: { runId?: string; exec?: string }) => {
      const session = flags.exec;
      await withEngine(globals, (engine) =>
        session === undefined
          ? engine.containers.cleanup(container, flags.runId)
          : engine.containers.execCleanup(container, session),
      );
    });
}
