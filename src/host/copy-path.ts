// Copies files for `berth cp` with coreutils cp (owners, modes, links and xattrs kept). The
// caller resolves container paths inside the rootfs first; this never follows source links.
import { runCommand } from './command.ts';

/** `cp -a SOURCE DEST` semantics: a dir into an existing dir lands in DEST/basename. */
export async function copyPath(source: string, destination: string): Promise<void> {
  await runCommand(['cp', '-a', '--remove-destination', source, destination]);
}
