// Rewrites an image layer tar for overlayfs while it streams: `.wh.NAME` → char device 0/0,
// `.wh..wh..opq` → trusted.overlay.opaque xattr (PAX) on the directory. Rejects entries that
// would land outside the layer root or pass through a symlink of the same layer. Never touches disk.
import { Duplex } from 'node:stream';
import * as tar from 'tar-stream';
import { BerthError } from '../lib/berth-error.ts';

const whiteoutPrefix = '.wh.';
const whiteoutMetaPrefix = '.wh..wh.';
const opaqueMarker = '.wh..wh..opq';
export const opaqueXattrPaxKey = 'SCHILY.xattr.trusted.overlay.opaque';

const allowedTypes = new Set([
  'file',
  'contiguous-file',
  'link',
  'symlink',
  'character-device',
  'block-device',
  'directory',
  'fifo',
]);

/**
 * The path components of a tar member name, relative to the layer root ("" = the root itself).
 * Throws LAYER_UNSAFE for absolute names, names that climb out with `..`, and names that pass
 * through a symlink created earlier in the same layer (`symlinks`).
 */
export function safeLayerPath(name: string, symlinks: ReadonlySet<string>, what = 'path'): string {
  let rest = name;
  while (rest.startsWith('./')) rest = rest.slice(2);
  if (rest.startsWith('/')) throw unsafe(`${what} "${name}" is absolute`);
  const parts = rest.split('/').filter((part) => part !== '' && part !== '.');
  const stack: string[] = [];
  parts.forEach((part, index) => {
    if (part === '..') {
      if (stack.length === 0) throw unsafe(`${what} "${name}" is outside of the layer root`);
      stack.pop();
    } else {
      stack.push(part);
    }
    // Every prefix the kernel walks through (all but the last component) must not be a link.
    if (index < parts.length - 1 && stack.length > 0 && symlinks.has(stack.join('/'))) {
      throw unsafe(
        `${what} "${name}" passes through the symlink "${stack.join('/')}" of the same layer`,
      );
    }
  });
  return stack.join('/');
}

function unsafe(detail: string): BerthError {
  return new BerthError('LAYER_UNSAFE', `invalid layer: ${detail}`, {
    hint: 'the image is malformed or hostile; nothing of it was stored',
  });
}

function splitPath(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return slash === -1
    ? { dir: '', base: path }
    : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}

/** A tar member name for a layer-relative path (directories end in "/"; the root is "./"). */
function memberName(path: string, directory: boolean): string {
  if (path === '') return './';
  return directory ? `${path}/` : path;
}

/** The PAX records to carry over: path, linkpath and size are re-derived from the header. */
function carriedPax(
  pax: Record<string, string> | null | undefined,
  keepSize: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(pax ?? {})) {
    if (key === 'path' || key === 'linkpath' || (key === 'size' && !keepSize)) continue;
    out[key] = value;
  }
  return out;
}

type PaxHeaders = Partial<tar.Header> & { name: string; pax?: Record<string, string> | null };
type EntryBody = AsyncIterable<unknown>;

class LayerRewriter {
  private readonly symlinks = new Set<string>();
  /** Directory headers already emitted, by layer path: an opaque marker re-emits them. */
  private readonly directories = new Map<string, PaxHeaders>();
  /** Opaque directories whose own entry has not come yet. */
  private readonly pendingOpaque = new Set<string>();

  constructor(private readonly pack: tar.Pack) {}

  async entry(header: PaxHeaders, body: EntryBody): Promise<void> {
    const type = header.type ?? 'file';
    if (!allowedTypes.has(type))
      throw unsafe(`entry "${header.name}" has the unsupported type ${String(header.type)}`);
    const path = safeLayerPath(header.name, this.symlinks);
    const { dir, base } = splitPath(path);
    if (base.startsWith(whiteoutPrefix)) {
      await drain(body);
      this.whiteout(header, dir, base);
      return;
    }
    const out: PaxHeaders = {
      ...header,
      name: memberName(path, type === 'directory'),
      pax: carriedPax(header.pax, true),
    };
    if (type === 'link') {
      out.linkname = memberName(
        safeLayerPath(header.linkname ?? '', this.symlinks, 'hard link target'),
        false,
      );
      if (out.linkname === './')
        throw unsafe(`hard link "${header.name}" points at the layer root`);
    }
    if (type === 'symlink') this.symlinks.add(path);
    if (type === 'directory') {
      if (this.pendingOpaque.delete(path)) out.pax = { ...out.pax, [opaqueXattrPaxKey]: 'y' };
      this.directories.set(path, out);
    }
    await this.write(out, type === 'file' || type === 'contiguous-file' ? body : undefined);
    if (!(type === 'file' || type === 'contiguous-file')) await drain(body);
  }

  private whiteout(header: PaxHeaders, dir: string, base: string): void {
    if (base === opaqueMarker) {
      this.markOpaque(dir);
      return;
    }
    // Other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs) has no meaning for overlay: skip it.
    if (base.startsWith(whiteoutMetaPrefix)) return;
    const name = base.slice(whiteoutPrefix.length);
    if (name === '' || name === '.' || name === '..')
      throw unsafe(`invalid whiteout "${header.name}"`);
    const target = dir === '' ? name : `${dir}/${name}`;
    this.queue({
      name: target,
      type: 'character-device',
      devmajor: 0,
      devminor: 0,
      mode: 0,
      uid: header.uid ?? 0,
      gid: header.gid ?? 0,
      mtime: header.mtime ?? new Date(0),
      size: 0,
      pax: null,
    });
  }

  private markOpaque(dir: string): void {
    const emitted = this.directories.get(dir);
    if (emitted === undefined) {
      this.pendingOpaque.add(dir);
      return;
    }
    const again: PaxHeaders = {
      ...emitted,
      size: 0,
      pax: { ...(emitted.pax ?? {}), [opaqueXattrPaxKey]: 'y' },
    };
    this.directories.set(dir, again);
    this.queue(again);
  }

  /** Opaque directories that never had an entry of their own get one now. */
  finish(): void {
    for (const dir of this.pendingOpaque) {
      this.queue({
        name: memberName(dir, true),
        type: 'directory',
        mode: 0o755,
        uid: 0,
        gid: 0,
        mtime: new Date(0),
        size: 0,
        pax: { [opaqueXattrPaxKey]: 'y' },
      });
    }
    this.pendingOpaque.clear();
  }

  private queue(header: PaxHeaders): void {
    // A bodiless entry; if the pack is destroyed meanwhile the pack's own error reports it.
    this.pack.entry(withPax(header)).on('error', () => undefined);
  }

  private async write(header: PaxHeaders, body: EntryBody | undefined): Promise<void> {
    let sink: ReturnType<tar.Pack['entry']> | undefined;
    const written = new Promise<void>((resolvePromise, reject) => {
      sink = this.pack.entry(withPax(header), (error) =>
        error ? reject(error) : resolvePromise(),
      );
      // Destroying the transform mid-entry destroys this sink: an error, not a crash.
      sink.on('error', reject);
    });
    written.catch(() => undefined); // awaited below; a failure while copying the body wins
    if (body !== undefined && sink !== undefined) {
      for await (const chunk of body) {
        if (!sink.write(chunk as Buffer))
          await new Promise<void>((resolvePromise) => sink?.once('drain', () => resolvePromise()));
      }
      sink.end(undefined);
    }
    await written;
  }
}

/** tar-stream writes a PAX header only when `pax` is a non-empty object. */
function withPax(header: PaxHeaders): PaxHeaders {
  const pax = header.pax;
  const out: PaxHeaders = { ...header };
  if (pax === null || pax === undefined || Object.keys(pax).length === 0) delete out.pax;
  return out;
}

async function drain(body: EntryBody): Promise<void> {
  for await (const chunk of body) void chunk;
}

/**
 * The overlay rewrite as one Duplex: write the uncompressed layer tar, read the rewritten tar
 * (pipe it into `tar -x --xattrs --xattrs-include='trusted.*'`). Errors with LAYER_UNSAFE.
 */
export function createLayerTransform(): Duplex {
  const extract = tar.extract();
  const pack = tar.pack();
  const rewriter = new LayerRewriter(pack);
  extract.on('entry', (header, body, next) => {
    rewriter.entry(header as PaxHeaders, body).then(
      () => next(),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  extract.on('finish', () => {
    try {
      rewriter.finish();
      pack.finalize();
    } catch (error) {
      pack.destroy(error as Error);
    }
  });
  return new PackDuplex(extract, pack);
}

/** Node Duplex over tar-stream's (streamx) extract and pack, with backpressure both ways. */
class PackDuplex extends Duplex {
  constructor(
    private readonly extract: tar.Extract,
    private readonly pack: tar.Pack,
  ) {
    super();
    pack.on('data', (chunk: unknown) => {
      if (!this.push(chunk as Buffer)) pack.pause();
    });
    pack.on('end', () => this.push(null));
    pack.on('error', (error: Error) => this.destroy(error));
    extract.on('error', (error: Error) => this.destroy(error));
    pack.pause();
  }

  override _read(): void {
    this.pack.resume();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.extract.write(chunk)) callback();
    else this.extract.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.extract.end(undefined);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.extract.destroy(null);
    this.pack.destroy(null);
    callback(error);
  }
}
