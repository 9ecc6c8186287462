// File operations for volumes that need real ownership semantics: recursive chown (`:U`) and
// copying an image's content into a new named volume (podman's copy-up), done by coreutils.
import { runCommand } from './command.ts';

export async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await runCommand(['chown', '-R', '--no-dereference', `${uid}:${gid}`, path]);
}

/** Copies the contents of `from` into the (empty) directory `to`, keeping owners, modes, links. */
export async function copyTreeContents(from: string, to: string): Promise<void> {
  await runCommand(['cp', '-a', '--no-target-directory', `${from}/.`, to]);
}
