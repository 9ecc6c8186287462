// Proves the busybox rootfs fixture: its entries, owners and modes, that it is reproducible, and
// that it is a working root filesystem (chroot into it and run the shell).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { busyboxApplets, busyboxRootfsTar } from './fixtures.ts';
import { runOk } from './run-process.ts';

async function tempDir(t: test.TestContext): Promise<string> {
  const dir = await mkdtemp('/tmp/bt-fx-');
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('busybox rootfs tarball holds busybox, applet links, users and base directories', async (t) => {
  const tarball = await busyboxRootfsTar(await tempDir(t));
  const listing = await runOk(['tar', '--numeric-owner', '-tvf', tarball]);
  const entries = new Map<string, string>();
  for (const line of listing.trim().split('\n')) {
    const [mode = '', owner = '', , , , ...rest] = line.split(/\s+/);
    const name = rest.join(' ').replace(/ -> .*$/, '');
    entries.set(name.replace(/\/$/, ''), `${mode} ${owner}`);
    assert.equal(owner, '0/0', `owner of ${name}`);
  }
  assert.equal(entries.get('bin/busybox'), '-rwxr-xr-x 0/0');
  assert.equal(entries.get('tmp'), 'drwxrwxrwt 0/0');
  for (const dir of ['proc', 'sys', 'dev', 'root', 'etc']) assert.ok(entries.has(dir), dir);
  const applets = await busyboxApplets();
  assert.ok(applets.includes('sh') && applets.includes('sleep') && applets.length > 100);
  for (const applet of applets) {
    assert.match(entries.get(`bin/${applet}`) ?? '', /^lrwxrwxrwx/, `bin/${applet}`);
  }
  assert.match(listing, /bin\/sh -> busybox/);
  assert.ok(![...entries.keys()].some((name) => name.startsWith('./') || name.startsWith('/')));
});

test('busybox rootfs tarball is byte-for-byte reproducible', async (t) => {
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const first = await busyboxRootfsTar(await tempDir(t));
  const second = await busyboxRootfsTar(await tempDir(t));
  assert.notEqual(first, second);
  assert.equal(digest(first), digest(second));
});

test('busybox rootfs is usable as a root filesystem', async (t) => {
  const dir = await tempDir(t);
  const tarball = await busyboxRootfsTar(dir);
  const rootfs = join(dir, 'rootfs');
  await mkdir(rootfs);
  await runOk(['tar', '-C', rootfs, '--numeric-owner', '-xpf', tarball]);
  const out = await runOk(
    [
      '/usr/sbin/chroot',
      rootfs,
      '/bin/sh',
      '-c',
      'echo hello; id -un; ls -ld /tmp | cut -c1-10; cat /etc/group',
    ],
    { env: { PATH: '/bin' } },
  );
  assert.equal(out, 'hello\nroot\ndrwxrwxrwt\nroot:x:0:\nnobody:x:65534:\n');
});
