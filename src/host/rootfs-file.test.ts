import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRootfsFile, resolveInRootfs } from './rootfs-file.ts';

test('symlinks inside a rootfs never lead out of it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rootfs-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rootfs = join(dir, 'rootfs');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(dir, 'secret'), 'host secret');
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\n');
  symlinkSync('/etc/shadow-of-host', join(rootfs, 'etc', 'passwd'));
  symlinkSync('../../../secret', join(rootfs, 'etc', 'climb'));
  symlinkSync('/etc', join(rootfs, 'etclink'));

  assert.equal(await readRootfsFile(rootfs, '/etc/group'), 'root:x:0:\n');
  assert.equal(
    await readRootfsFile(rootfs, '/etc/passwd'),
    null,
    'absolute link resolves inside the rootfs',
  );
  assert.equal(
    await readRootfsFile(rootfs, '/etc/climb'),
    null,
    'a relative link cannot climb above /',
  );
  assert.equal(await readRootfsFile(rootfs, '/etclink/group'), 'root:x:0:\n');
  assert.equal(await resolveInRootfs(rootfs, '/../../secret'), join(rootfs, 'secret'));
});
