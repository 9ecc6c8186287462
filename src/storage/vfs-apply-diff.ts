// Applies a layer diff in overlay format (whiteout = char device 0/0, opaque dir = xattr
// trusted.overlay.opaque=y) onto a full vfs snapshot, with overlayfs's merge semantics.
import { createReadStream } from 'node:fs';
import { lstat, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { runCommand } from '../host/command.ts';

interface DiffEntry {
  /** Relative to the diff root, no leading `./`. */
  path: string;
  kind: 'dir' | 'whiteout' | 'other';
}

/**
 * Makes targetDir (a copy of the parent snapshot) show what overlayfs would show with diffDir
 * on top. Consumes diffDir: its whiteouts are deleted. scratchDir holds temporary files.
 */
export async function applyOverlayDiff(
  diffDir: string,
  targetDir: string,
  scratchDir: string,
): Promise<void> {
  const entries = await walkDiff(diffDir);
  const dirs = entries.filter((entry) => entry.kind === 'dir').map((entry) => entry.path);
  const opaque = await findOpaqueDirs(diffDir, dirs, scratchDir);
  // Pre-order: a target ancestor that is not a dir is removed before its children are looked
  // at, so no lstat below ever passes through a symlink of the target.
  for (const entry of entries) {
    const target = join(targetDir, entry.path);
    const existing = await lstat(target).catch(() => undefined);
    if (existing === undefined) continue;
    if (entry.kind !== 'dir' || !existing.isDirectory()) {
      // Replace rather than overwrite: an overwrite would write through hard links.
      await rm(target, { recursive: true, force: true });
    } else if (opaque.has(entry.path)) {
      for (const child of await readdir(target)) {
        await rm(join(target, child), { recursive: true, force: true });
      }
    }
  }
  await removeWhiteouts(diffDir, entries);
  await copyTree(diffDir, targetDir);
}

/** Deletes the whiteout devices of a diff (a base layer has nothing below to hide). */
export async function stripWhiteouts(diffDir: string): Promise<void> {
  await removeWhiteouts(diffDir, await walkDiff(diffDir));
}

/** `cp -a --reflink=auto source/. target/`: contents, owners, modes, xattrs, hard links. */
export async function copyTree(sourceDir: string, targetDir: string): Promise<void> {
  await runCommand(['cp', '-a', '--reflink=auto', '--', `${sourceDir}/.`, `${targetDir}/`]);
}

async function removeWhiteouts(diffDir: string, entries: readonly DiffEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.kind === 'whiteout') await rm(join(diffDir, entry.path), { force: true });
  }
}

async function walkDiff(root: string, prefix = ''): Promise<DiffEntry[]> {
  const entries: DiffEntry[] = [];
  for (const dirent of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? dirent.name : `${prefix}/${dirent.name}`;
    if (dirent.isDirectory()) {
      entries.push({ path, kind: 'dir' });
      entries.push(...(await walkDiff(root, path)));
    } else if (dirent.isCharacterDevice() && (await lstat(join(root, path))).rdev === 0) {
      entries.push({ path, kind: 'whiteout' });
    } else {
      entries.push({ path, kind: 'other' });
    }
  }
  return entries;
}

/**
 * Node cannot read xattrs: GNU tar archives just the directory entries (no contents) with
 * the opaque xattr, and the PAX records tell which dirs carry it.
 */
async function findOpaqueDirs(
  diffDir: string,
  dirs: readonly string[],
  scratchDir: string,
): Promise<Set<string>> {
  const opaque = new Set<string>();
  if (dirs.length === 0) return opaque;
  const listFile = join(scratchDir, 'opaque-dirs.list');
  const archive = join(scratchDir, 'opaque-dirs.tar');
  await writeFile(listFile, dirs.map((dir) => `${dir}\0`).join(''));
  await runCommand([
    'tar',
    '--create',
    '--file',
    archive,
    '--xattrs',
    '--xattrs-include=trusted.overlay.opaque',
    '--no-recursion',
    '--directory',
    diffDir,
    '--null',
    '--files-from',
    listFile,
  ]);
  const reader = extract();
  createReadStream(archive).pipe(reader);
  for await (const entry of reader) {
    const pax = entry.header.pax;
    if (isRecord(pax) && pax['SCHILY.xattr.trusted.overlay.opaque'] === 'y') {
      opaque.add(entry.header.name.replace(/^\.\//, '').replace(/\/$/, ''));
    }
    entry.resume();
  }
  await rm(listFile, { force: true });
  await rm(archive, { force: true });
  return opaque;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
