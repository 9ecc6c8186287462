#!/usr/bin/env -S node --
// berth's entry point. `berth --version` answers before anything else loads; every other
// command loads the CLI program (commander and the command declarations) first.
import { berthVersion } from '../lib/berth-version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`berth version ${berthVersion}\n`);
} else {
  const { runCli, reportFatal } = await import('./program.ts');
  // Exit explicitly: conmon pipes or timers must not keep a finished command alive. stdout and
  // stderr are synchronous for files and pipes on Linux, so nothing written is lost.
  process.exit(await runCli(argv).catch(reportFatal));
}
