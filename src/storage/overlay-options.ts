// Pure pieces of the overlay layout: short link names and the mount option string. The
// option string must fit in one page, so lower dirs are short relative names (`l/<short>`).
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';

/** The kernel copies mount options into one page. */
export const mountOptionsLimitBytes = 4096;
const shortLinkAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const shortLinkLength = 26;

/** 26 random characters from [A-Z0-9], as containers/storage names `overlay/l/` entries. */
export function newShortLink(): string {
  let link = '';
  while (link.length < shortLinkLength) {
    for (const byte of randomBytes(shortLinkLength * 2)) {
      // 252 = 7 * 36: reject the tail so every character is equally likely.
      if (byte < 252 && link.length < shortLinkLength) link += shortLinkAlphabet[byte % 36];
    }
  }
  return link;
}

/** The `lower` file of a layer: its ancestors' short links, nearest first. */
export function lowerChain(ancestorShortLinks: readonly string[]): string {
  return ancestorShortLinks.map((short) => `l/${short}`).join(':');
}

export interface OverlayMountPaths {
  /** Lower dirs relative to the overlay root, nearest first; at least one. */
  lowerDirs: readonly string[];
  upperDir: string;
  workDir: string;
}

/** `lowerdir=…,upperdir=…,workdir=…`; throws STORAGE if longer than a page. */
export function overlayMountOptions(paths: OverlayMountPaths): string {
  if (paths.lowerDirs.length === 0) {
    throw new BerthError('INTERNAL', 'an overlay mount needs at least one lower dir');
  }
  for (const dir of [...paths.lowerDirs, paths.upperDir, paths.workDir]) {
    if (/[,:]/.test(dir)) throw new BerthError('STORAGE', `overlay path contains , or : : ${dir}`);
  }
  const options = `lowerdir=${paths.lowerDirs.join(':')},upperdir=${paths.upperDir},workdir=${paths.workDir}`;
  if (Buffer.byteLength(options) >= mountOptionsLimitBytes) {
    throw new BerthError(
      'STORAGE',
      `overlay mount options are ${Buffer.byteLength(options)} bytes, over the ${mountOptionsLimitBytes}-byte limit (${paths.lowerDirs.length} layers)`,
    );
  }
  return options;
}
