// berth's entry point, bundled into dist/berth-bundle.cjs and started by the launcher
// (scripts/launcher.cjs), which answers `--version` itself. Every other command loads the CLI
// program (commander and the command declarations) first.
import { berthVersion } from '../lib/berth-version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`berth version ${berthVersion}\n`);
} else {
  void import('./program.ts').then(async ({ runCli, reportFatal }) => {
    // Exit explicitly: conmon pipes or timers must not keep a finished command alive. stdout and
    // stderr are synchronous for files and pipes on Linux, so nothing written is lost.
    process.exit(await runCli(argv).catch(reportFatal));
  });
}
