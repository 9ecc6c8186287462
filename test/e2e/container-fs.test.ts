// The container filesystem verbs through the built CLI: cp both ways (and never through a
// symlink to the host), diff, mount/unmount, export and commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';

test('cp copies files and dirs both ways for stopped and running containers', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '--name',
    'c',
    'busybox',
    'sh',
    '-c',
    'mkdir -p /d/sub; echo one > /d/a; echo two > /d/sub/b; echo f > /f',
  ]);
  const out = join(env.dir, 'out');
  await env.berthOk(['cp', 'c:/f', out]);
  assert.equal(await readFile(out, 'utf8'), 'f\n');
  await env.berthOk(['cp', 'c:/d', join(env.dir, 'dcopy')]);
  assert.equal(await readFile(join(env.dir, 'dcopy', 'sub', 'b'), 'utf8'), 'two\n');
  await mkdir(join(env.dir, 'into'));
  await env.berthOk(['cp', 'c:/d', join(env.dir, 'into')]);
  assert.equal(
    await readFile(join(env.dir, 'into', 'd', 'a'), 'utf8'),
    'one\n',
    'a dir copied into an existing dir lands under its name',
  );

  const hostDir = join(env.dir, 'hostdir');
  await mkdir(hostDir);
  await writeFile(join(hostDir, 'h'), 'host\n');
  await env.berthOk(['cp', join(hostDir, 'h'), 'c:/tmp/']);
  await env.berthOk(['cp', hostDir, 'c:/hd']);
  const running = (
    await env.berthOk(['run', '-d', '--name', 'r', 'busybox', 'sleep', '60'])
  ).trim();
  await env.berthOk(['cp', join(hostDir, 'h'), 'r:/h2']);
  assert.equal(
    await env.berthOk(['exec', running, 'cat', '/h2']),
    'host\n',
    'cp into a running container',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'r']);
  await env.berthOk(['commit', '-q', 'c', 'localhost/cpcheck']);
  assert.equal(
    await env.berthOk(['run', '--rm', 'localhost/cpcheck', 'cat', '/tmp/h', '/hd/h']),
    'host\nhost\n',
  );
  const missing = await env.berth(['cp', 'c:/nope', out]);
  assert.equal(missing.status, 125);
  assert.match(missing.stderr, /could not be found on container/);
});

test('cp never follows a container symlink out to the host', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const secret = join(env.dir, 'shadow-of-host');
  await writeFile(secret, 'HOST SECRET\n');
  await env.berthOk([
    'run',
    '--name',
    'evil',
    'busybox',
    'sh',
    '-c',
    `ln -s ${secret} /x; mkdir -p /etc/sub; ln -s ${env.dir} /etc/sub/up`,
  ]);
  const dest = join(env.dir, 'copied');
  const result = await env.berth(['cp', 'evil:/x', dest]);
  const copied = await readFile(dest, 'utf8').catch(() => undefined);
  assert.notEqual(copied, 'HOST SECRET\n', 'the host file must never be copied');
  assert.notEqual(result.status, 0, 'the link target does not exist inside the rootfs');
  // Writing through a link that points to a host dir lands inside the rootfs, not on the host.
  await writeFile(join(env.dir, 'payload'), 'p\n');
  await env.berth(['cp', join(env.dir, 'payload'), 'evil:/etc/sub/up/planted']);
  assert.deepEqual(
    (await readdir(env.dir)).filter((name) => name === 'planted'),
    [],
    'nothing planted on the host',
  );
});

test('diff lists A, C and D changes like podman', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '--name',
    'd',
    'busybox',
    'sh',
    '-c',
    'touch /etc/x; rm /etc/group; mkdir /newdir',
  ]);
  const lines = (await env.berthOk(['diff', 'd'])).trim().split('\n');
  assert.deepEqual(lines, ['C /etc', 'D /etc/group', 'A /etc/x', 'A /newdir']);
  const json = JSON.parse(await env.berthOk(['diff', '--format', 'json', 'd'])) as Record<
    string,
    string[]
  >;
  assert.deepEqual(json['deleted'], ['/etc/group']);
});

test('mount prints the rootfs, lists mounted containers, and unmount releases it', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '--name', 'm', 'busybox', 'sh', '-c', 'echo in > /marker']);
  const path = (await env.berthOk(['mount', 'm'])).trim();
  assert.equal(await readFile(join(path, 'marker'), 'utf8'), 'in\n');
  assert.match(
    await env.berthOk(['mount']),
    new RegExp(`^[0-9a-f]{12} ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`),
  );
  await env.berthOk(['unmount', 'm']);
  assert.equal(await env.berthOk(['mount']), '');
  await assert.rejects(readFile(join(path, 'marker')));
});

test('export writes the rootfs as a tar; commit makes an image that runs with the change', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '--name',
    'e',
    'busybox',
    'sh',
    '-c',
    'echo exported > /etc/exported; rm /etc/group',
  ]);
  const tarball = join(env.dir, 'e.tar');
  await env.berthOk(['export', '-o', tarball, 'e']);
  const members = execFileSync('tar', ['-tf', tarball], { encoding: 'utf8' }).split('\n');
  assert.ok(members.includes('./etc/exported'));
  assert.ok(members.includes('./bin/busybox'));
  assert.ok(!members.includes('./etc/group'));
  assert.equal(
    execFileSync('tar', ['-xOf', tarball, './etc/exported'], { encoding: 'utf8' }),
    'exported\n',
  );

  const id = (
    await env.berthOk([
      'commit',
      '-q',
      '--message',
      'msg',
      '--author',
      'me',
      '--change',
      'ENV FOO=bar',
      'e',
      'localhost/committed',
    ])
  ).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      'localhost/committed',
      'sh',
      '-c',
      'cat /etc/exported; echo $FOO; test -e /etc/group || echo no-group',
    ]),
    'exported\nbar\nno-group\n',
  );
  assert.match(
    await env.berthOk(['images', '--format', '{{.Repository}}']),
    /localhost\/committed/,
  );
});
