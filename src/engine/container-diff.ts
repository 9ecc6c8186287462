// `berth diff`: the changes of a container's upper dir against its image's layers, as podman
// prints them (A added, C changed, D deleted; char device 0/0 is an overlay whiteout).
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerDiffEntry } from '../domain/volume-reports.ts';
import type { EngineContext } from './engine-context.ts';

/** Mount points the runtime creates in every container; podman's diff leaves them out (libpod's initInodes). */
const initInodes = new Set([
  '/dev',
  '/etc/hostname',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/proc',
  '/run',
  '/run/notify',
  '/run/.containerenv',
  '/run/secrets',
  '/sys',
  '/etc/mtab',
]);

export async function diffContainer(ctx: EngineContext, id: string): Promise<ContainerDiffEntry[]> {
  const record = ctx.state.containers.get(id);
  const layerId = record?.layerId ?? id;
  const lowers = lowerDiffPaths(ctx, ctx.state.layers.get(layerId)?.parent ?? null);
  const entries: ContainerDiffEntry[] = [];
  await walk(ctx.layers.diffPath(layerId), '', async (path, info) => {
    if (initInodes.has(path)) return;
    if (info.isCharacterDevice() && info.rdev === 0) entries.push({ kind: 'D', path });
    else entries.push({ kind: (await existsInLowers(lowers, path)) ? 'C' : 'A', path });
  });
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** The image layers' diff dirs, top first. */
function lowerDiffPaths(ctx: EngineContext, top: string | null): string[] {
  const paths: string[] = [];
  for (let id = top; id !== null; id = ctx.state.layers.get(id)?.parent ?? null)
    paths.push(ctx.layers.diffPath(id));
  return paths;
}

async function existsInLowers(lowers: readonly string[], path: string): Promise<boolean> {
  for (const lower of lowers) {
    const info = await lstat(join(lower, path)).catch(() => undefined);
    if (info) return !(info.isCharacterDevice() && info.rdev === 0);
  }
  return false;
}

async function walk(
  root: string,
  relative: string,
  visit: (path: string, info: Awaited<ReturnType<typeof lstat>>) => Promise<void>,
): Promise<void> {
  const names = await readdir(join(root, relative)).catch(() => [] as string[]);
  for (const name of names) {
    const path = `${relative}/${name}`;
    const info = await lstat(join(root, path));
    await visit(path, info);
    if (info.isDirectory()) await walk(root, path, visit);
  }
}
