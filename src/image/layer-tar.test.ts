import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar-stream';
import { Readable } from 'node:stream';
import { createLayerTar, rewriteOverlayTar } from './layer-tar.ts';

async function entriesOf(
  source: Readable,
): Promise<{ name: string; type: string; pax: string[] }[]> {
  const extract = tar.extract();
  const out: { name: string; type: string; pax: string[] }[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const header = entry.header as tar.Header & { pax?: Record<string, string> };
      out.push({ name: header.name, type: header.type ?? '', pax: Object.keys(header.pax ?? {}) });
      entry.resume();
    }
  })();
  for await (const chunk of source) extract.write(chunk as Buffer);
  extract.end(undefined);
  await done;
  return out;
}

async function overlayTar(): Promise<Readable> {
  const pack = tar.pack();
  const mtime = new Date(0);
  pack.entry({ name: './', type: 'directory', mode: 0o755, mtime });
  pack.entry({ name: './etc/', type: 'directory', mode: 0o755, mtime });
  pack.entry({ name: './etc/b.conf', mode: 0o644, mtime }, 'b');
  pack.entry({
    name: './etc/gone',
    type: 'character-device',
    devmajor: 0,
    devminor: 0,
    mode: 0,
    mtime,
  });
  pack.entry({
    name: './etc/null',
    type: 'character-device',
    devmajor: 1,
    devminor: 3,
    mode: 0o666,
    mtime,
  });
  pack.entry({
    name: './etc/opaque/',
    type: 'directory',
    mode: 0o755,
    mtime,
    pax: { 'SCHILY.xattr.trusted.overlay.opaque': 'y', 'SCHILY.xattr.user.keep': 'v' },
  } as tar.Header);
  pack.entry({ name: './etc/opaque/kept', mode: 0o644, mtime }, 'k');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

test('overlay whiteouts become .wh. files and opaque dirs get .wh..wh..opq', async () => {
  const entries = await entriesOf(rewriteOverlayTar(await overlayTar()));
  assert.deepEqual(
    entries.map((entry) => `${entry.type} ${entry.name}`),
    [
      'directory etc/',
      'file etc/b.conf',
      'file etc/.wh.gone',
      'character-device etc/null',
      'directory etc/opaque/',
      'file etc/opaque/.wh..wh..opq',
      'file etc/opaque/kept',
    ],
  );
  const opaque = entries.find((entry) => entry.name === 'etc/opaque/');
  assert.deepEqual(
    opaque?.pax.filter((key) => key !== 'path'),
    ['SCHILY.xattr.user.keep'],
  );
});

test('a diff dir gives the same tar twice, char 0/0 as a whiteout, names sorted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'layer-tar-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'etc'), { recursive: true });
  await writeFile(join(dir, 'etc/z'), 'z');
  await writeFile(join(dir, 'etc/a'), 'a');
  execFileSync('mknod', [join(dir, 'etc/gone'), 'c', '0', '0']);
  const read = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of createLayerTar(dir)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const first = await read();
  assert.deepEqual(await read(), first);
  const entries = await entriesOf(Readable.from([first]));
  assert.deepEqual(
    entries.map((entry) => `${entry.type} ${entry.name}`),
    ['directory etc/', 'file etc/a', 'file etc/.wh.gone', 'file etc/z'],
  );
});
