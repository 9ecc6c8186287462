// Produces an image layer tar from a layer's diff directory (GNU tar through host/tar-create.ts),
// translating overlay whiteouts back: char 0/0 → `.wh.NAME`, opaque xattr → `.wh..wh..opq`.
// Deterministic for unchanged content: same bytes each time. Never writes to disk.
import { PassThrough, type Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { createTar } from '../host/tar-create.ts';

type Header = Partial<tar.Header> & { name: string; pax?: Record<string, string> | null };

const droppedPax = new Set(['path', 'linkpath', 'size', 'mtime', 'atime', 'ctime']);
const opaqueKeys = ['SCHILY.xattr.trusted.overlay.opaque', 'SCHILY.xattr.user.overlay.opaque'];

/** The layer tar of `diffPath` in image-spec form (explicit whiteouts, no overlay xattrs). */
export function createLayerTar(diffPath: string): Readable {
  return rewriteOverlayTar(createTar(diffPath));
}

/** The reverse of layer-transform.ts: an overlay-format tar stream → an image-spec layer tar. */
export function rewriteOverlayTar(source: Readable): Readable {
  const extract = tar.extract();
  const pack = tar.pack();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const fail = (error: unknown) => {
    const cause = error instanceof Error ? error : new Error(String(error));
    out.destroy(cause);
    source.destroy();
    extract.destroy(null);
    pack.destroy(null);
  };
  source.on('data', (chunk: Buffer) => {
    if (!extract.write(chunk)) {
      source.pause();
      extract.once('drain', () => source.resume());
    }
  });
  source.on('end', () => extract.end(undefined));
  source.on('error', fail);
  pack.on('data', (chunk: unknown) => {
    if (!out.write(chunk as Buffer)) {
      pack.pause();
      out.once('drain', () => pack.resume());
    }
  });
  pack.on('end', () => out.end());
  pack.on('error', fail);
  out.on('close', () => {
    if (!out.writableFinished) source.destroy();
  });
  rewriteEntries(extract, pack).then(() => pack.finalize(), fail);
  return out;
}

async function rewriteEntries(extract: tar.Extract, pack: tar.Pack): Promise<void> {
  for await (const entry of extract) {
    const header = entry.header as Header;
    const name = stripDot(header.name);
    if (name === '' || name === '/') {
      await drain(entry);
      continue;
    }
    const { dir, base } = splitName(name.replace(/\/$/, ''));
    if (header.type === 'character-device' && header.devmajor === 0 && header.devminor === 0) {
      await drain(entry);
      await writeEntry(pack, {
        ...plain(header),
        name: `${dir}.wh.${base}`,
        type: 'file',
        size: 0,
      });
      continue;
    }
    const pax = carriedPax(header.pax);
    const opaque = opaqueKeys.some((key) => header.pax?.[key] === 'y');
    const out: Header = { ...plain(header), name };
    if (Object.keys(pax).length > 0) out.pax = pax;
    if (header.type === 'link') out.linkname = stripDot(header.linkname ?? '');
    if (header.type === 'file' || header.type === 'contiguous-file') {
      await writeEntry(pack, out, entry);
      continue;
    }
    await drain(entry);
    await writeEntry(pack, { ...out, size: 0 });
    if (header.type === 'directory' && opaque) {
      const dirName = name.endsWith('/') ? name : `${name}/`;
      await writeEntry(pack, {
        ...plain(header),
        name: `${dirName}.wh..wh..opq`,
        type: 'file',
        size: 0,
        mode: 0o644,
      });
    }
  }
}

/** The header fields a layer keeps (numeric owners only, no PAX records). */
function plain(header: Header): Header {
  const out: Header = {
    name: header.name,
    type: header.type ?? 'file',
    mode: header.mode ?? 0o644,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    mtime: header.mtime ?? new Date(0),
    size: header.size ?? 0,
    uname: '',
    gname: '',
  };
  if (header.linkname !== undefined && header.linkname !== null) out.linkname = header.linkname;
  if (header.devmajor !== undefined) out.devmajor = header.devmajor;
  if (header.devminor !== undefined) out.devminor = header.devminor;
  return out;
}

function carriedPax(pax: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(pax ?? {})) {
    if (droppedPax.has(key) || key.startsWith('SCHILY.xattr.trusted.overlay.')) continue;
    if (key.startsWith('SCHILY.xattr.user.overlay.')) continue;
    out[key] = value;
  }
  return out;
}

function stripDot(name: string): string {
  let rest = name;
  while (rest.startsWith('./')) rest = rest.slice(2);
  return rest === '.' ? '' : rest;
}

/** `a/b/c` → { dir: "a/b/", base: "c" }. */
function splitName(name: string): { dir: string; base: string } {
  const slash = name.lastIndexOf('/');
  return slash === -1
    ? { dir: '', base: name }
    : { dir: name.slice(0, slash + 1), base: name.slice(slash + 1) };
}

async function drain(body: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of body) void chunk;
}

async function writeEntry(
  pack: tar.Pack,
  header: Header,
  body?: AsyncIterable<unknown>,
): Promise<void> {
  if (body === undefined) {
    // With a (empty) buffer tar-stream writes the header alone and calls back at once.
    await new Promise<void>((resolvePromise, reject) =>
      pack.entry({ ...header, size: 0 }, Buffer.alloc(0), (error) =>
        error ? reject(error) : resolvePromise(),
      ),
    );
    return;
  }
  let sink: ReturnType<tar.Pack['entry']> | undefined;
  const written = new Promise<void>((resolvePromise, reject) => {
    sink = pack.entry(header, (error) => (error ? reject(error) : resolvePromise()));
    sink.on('error', reject);
  });
  written.catch(() => undefined);
  if (sink !== undefined) {
    for await (const chunk of body) {
      if (!sink.write(chunk as Buffer))
        await new Promise<void>((resolvePromise) => sink?.once('drain', () => resolvePromise()));
    }
    sink.end(undefined);
  }
  await written;
}
