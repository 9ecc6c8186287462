// Tests the overlay layer rewrite with crafted tars, and one real extraction through GNU tar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { createLayerTransform, safeLayerPath } from './layer-transform.ts';
import { extractTar } from '../host/tar-extract.ts';
import { isBerthError } from '../lib/berth-error.ts';

interface Member {
  header: Partial<tar.Header> & { name: string; pax?: Record<string, string> };
  body?: string;
}

async function packTar(members: Member[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const member of members) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ mtime: new Date(0), ...member.header }, member.body ?? '', (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function transform(input: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from([input]).pipe(createLayerTransform()))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listTar(
  input: Buffer,
): Promise<(tar.Header & { pax?: Record<string, string> | null; body: string })[]> {
  const extract = tar.extract();
  const out: (tar.Header & { pax?: Record<string, string> | null; body: string })[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      out.push({
        ...(entry.header as tar.Header & { pax?: Record<string, string> | null }),
        body: Buffer.concat(chunks).toString(),
      });
    }
  })();
  extract.end(input);
  await done;
  return out;
}

async function rejection(members: Member[]): Promise<string> {
  const input = await packTar(members);
  try {
    await transform(input);
  } catch (error) {
    assert.ok(isBerthError(error), `expected a BerthError, got ${String(error)}`);
    assert.equal(error.code, 'LAYER_UNSAFE');
    return error.message;
  }
  assert.fail('the transform accepted an unsafe layer');
}

const dir = (name: string): Member => ({ header: { name, type: 'directory', mode: 0o755 } });
const file = (name: string, body = 'x'): Member => ({
  header: { name, type: 'file', mode: 0o644 },
  body,
});

test('whiteout files become character devices 0/0 and file bodies pass through', async () => {
  const out = await listTar(
    await transform(
      await packTar([
        dir('etc/'),
        file('etc/.wh.passwd', ''),
        file('etc/hostname', 'box\n'),
        file('.wh.opt', ''),
      ]),
    ),
  );
  const names = out.map((entry) => `${entry.type} ${entry.name}`);
  assert.deepEqual(names, [
    'directory etc/',
    'character-device etc/passwd',
    'file etc/hostname',
    'character-device opt',
  ]);
  const device = out[1];
  assert.equal(device?.devmajor, 0);
  assert.equal(device?.devminor, 0);
  assert.equal(out[2]?.body, 'box\n');
});

test('an opaque marker re-emits an earlier directory with the overlay xattr', async () => {
  const out = await listTar(
    await transform(
      await packTar([
        dir('./'),
        dir('./var/'),
        file('./var/.wh..wh..opq', ''),
        file('./var/new', 'n'),
      ]),
    ),
  );
  assert.deepEqual(
    out.map((entry) => entry.name),
    ['./', 'var/', 'var/', 'var/new'],
  );
  assert.equal(out[1]?.pax?.['SCHILY.xattr.trusted.overlay.opaque'], undefined);
  assert.equal(out[2]?.pax?.['SCHILY.xattr.trusted.overlay.opaque'], 'y');
  assert.equal(out[2]?.type, 'directory');
});

test('an opaque marker before its directory entry lands on that entry, or on a new one at the end', async () => {
  const out = await listTar(
    await transform(
      await packTar([file('a/.wh..wh..opq', ''), dir('a/'), file('b/.wh..wh..opq', '')]),
    ),
  );
  assert.deepEqual(
    out.map((entry) => [entry.name, entry.pax?.['SCHILY.xattr.trusted.overlay.opaque']]),
    [
      ['a/', 'y'],
      ['b/', 'y'],
    ],
  );
});

test('paths that escape the layer root are rejected', async () => {
  assert.match(
    await rejection([file('../etc/passwd')]),
    /"\.\.\/etc\/passwd" is outside of the layer root/,
  );
  assert.match(await rejection([file('a/../../x')]), /outside of the layer root/);
  assert.match(await rejection([file('/abs')]), /"\/abs" is absolute/);
  assert.match(await rejection([file('.//abs')]), /is absolute/);
});

test('a path through a symlink of the same layer is rejected', async () => {
  const message = await rejection([
    { header: { name: 'link', type: 'symlink', linkname: '/etc' } },
    file('link/passwd'),
  ]);
  assert.match(message, /passes through the symlink "link"/);
  assert.match(
    await rejection([
      { header: { name: 'l', type: 'symlink', linkname: 'd' } },
      dir('d/'),
      file('l/../x'),
    ]),
    /symlink "l"/,
  );
});

test('hard links must point inside the layer', async () => {
  assert.match(
    await rejection([file('x'), { header: { name: 'h', type: 'link', linkname: '../../x' } }]),
    /hard link target "\.\.\/\.\.\/x" is outside/,
  );
  const ok = await listTar(
    await transform(
      await packTar([file('./x'), { header: { name: './h', type: 'link', linkname: './x' } }]),
    ),
  );
  assert.deepEqual(
    ok.map((entry) => [entry.name, entry.linkname ?? null]),
    [
      ['x', null],
      ['h', 'x'],
    ],
  );
});

test('symlinks pointing outside are kept as links', async () => {
  const out = await listTar(
    await transform(
      await packTar([{ header: { name: 'etc', type: 'symlink', linkname: '/host/etc' } }]),
    ),
  );
  assert.equal(out[0]?.linkname, '/host/etc');
});

test('safeLayerPath normalises ./ and . components', () => {
  assert.equal(safeLayerPath('./a/./b/', new Set()), 'a/b');
  assert.equal(safeLayerPath('./', new Set()), '');
  assert.equal(safeLayerPath('a/b/../c', new Set()), 'a/c');
});

test('GNU tar extracts the rewritten layer: char device 0/0 and the opaque xattr', async (t) => {
  const target = await mkdtemp(join(tmpdir(), 'berth-layer-'));
  t.after(() => rm(target, { recursive: true, force: true }));
  const input = await packTar([
    dir('./'),
    dir('./dir/'),
    file('./dir/.wh..wh..opq', ''),
    file('./dir/keep', 'k'),
    file('./.wh.gone', ''),
    { header: { name: './ln', type: 'symlink', linkname: '/etc' } },
  ]);
  await extractTar(Readable.from([input]).pipe(createLayerTransform()), target);
  const device = await stat(join(target, 'gone'));
  assert.ok(device.isCharacterDevice());
  assert.equal(device.rdev, 0);
  assert.equal(await readFile(join(target, 'dir/keep'), 'utf8'), 'k');
  assert.equal(await readlink(join(target, 'ln')), '/etc');
  // Read the xattr back through GNU tar itself (no getfattr on a minimal Debian).
  const archived = execFileSync('tar', [
    '--xattrs',
    '--xattrs-include=trusted.*',
    '-C',
    target,
    '-cf',
    '-',
    'dir',
  ]);
  const entries = await listTar(archived);
  assert.equal(
    entries.find((entry) => entry.name === 'dir/')?.pax?.['SCHILY.xattr.trusted.overlay.opaque'],
    'y',
  );
  assert.equal(
    entries.find((entry) => entry.name === 'dir/keep')?.pax?.[
      'SCHILY.xattr.trusted.overlay.opaque'
    ],
    undefined,
  );
});
