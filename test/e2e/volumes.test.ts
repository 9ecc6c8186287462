// Volumes as a user drives them: named volumes that outlive containers, bind mounts of host
// content, anonymous volumes (-v /path, image VOLUME, --mount tmpfs), --volumes-from, rm refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';

interface VolumeJson {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string>;
  Scope: string;
  Options: Record<string, string>;
}

test('a named volume outlives its container and a new container sees its data', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  assert.equal(await env.berthOk(['volume', 'create', '--label', 'app=web', 'data']), 'data\n');
  await env.berthOk([
    'run',
    '--name',
    'writer',
    '-v',
    'data:/data',
    'busybox',
    'sh',
    '-c',
    'echo kept > /data/file',
  ]);
  await env.berthOk(['rm', 'writer']);
  assert.equal(
    await env.berthOk(['run', '--rm', '-v', 'data:/data', 'busybox', 'cat', '/data/file']),
    'kept\n',
  );

  const [volume] = JSON.parse(await env.berthOk(['volume', 'inspect', 'data'])) as VolumeJson[];
  assert.equal(volume?.Name, 'data');
  assert.equal(volume?.Driver, 'local');
  assert.equal(volume?.Scope, 'local');
  assert.deepEqual(volume?.Labels, { app: 'web' });
  assert.equal(await readFile(join(volume?.Mountpoint ?? '', 'file'), 'utf8'), 'kept\n');

  // -v NAME:/path creates a recorded volume on first use.
  await env.berthOk(['run', '--rm', '-v', 'auto:/a', 'busybox', 'true']);
  assert.equal(await env.berthOk(['volume', 'ls', '-q']), 'data\nauto\n');
  assert.match(
    await env.berthOk(['volume', 'ls']),
    /^DRIVER\s+VOLUME NAME\nlocal\s+data\nlocal\s+auto\n$/,
  );
  assert.equal(
    await env.berthOk(['volume', 'ls', '--filter', 'label=app=web', '--format', '{{.Name}}']),
    'data\n',
  );
  assert.equal((await env.berth(['volume', 'exists', 'data'])).status, 0);
  assert.equal((await env.berth(['volume', 'exists', 'nope'])).status, 1);
  assert.match(await env.berthOk(['volume', 'create']), /^[0-9a-f]{64}\n$/);
});

test('volume rm is refused while a container uses the volume, with podman words and status 2', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['volume', 'create', 'busy']);
  await env.berthOk(['run', '--name', 'user', '-v', 'busy:/b', 'busybox', 'true']);
  const refused = await env.berth(['volume', 'rm', 'busy']);
  assert.equal(refused.status, 2);
  assert.match(
    refused.stderr,
    /^Error: volume busy is being used by the following container\(s\): [0-9a-f]{64}: volume is being used\n$/,
  );
  assert.equal((await env.berth(['volume', 'exists', 'busy'])).status, 0);
  assert.equal(await env.berthOk(['volume', 'prune', '-f']), '', 'prune keeps a used volume');
  assert.equal(await env.berthOk(['volume', 'rm', '-f', 'busy']), 'busy\n');
  assert.equal(
    await env.berthOk(['ps', '-a', '-q']),
    '',
    'rm -f removed the container that used it',
  );
  const missing = await env.berth(['volume', 'rm', 'busy']);
  assert.match(missing.stderr, /no volume with name "busy" found: no such volume/);
  assert.equal(missing.status, 1, 'podman exits 1 for a volume that does not exist');
});

test('a bind-mounted ~/webcontent is visible in the container, and its writes on the host', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const web = join(env.dir, 'webcontent');
  await mkdir(web);
  await writeFile(join(web, 'index.html'), '<h1>hello from the host</h1>\n');
  const out = await env.berthOk([
    'run',
    '--rm',
    '-v',
    `${web}:/var/www:Z`,
    'busybox',
    'sh',
    '-c',
    'cat /var/www/index.html; echo from-ctr > /var/www/new.txt',
  ]);
  assert.equal(out, '<h1>hello from the host</h1>\n');
  assert.equal(await readFile(join(web, 'new.txt'), 'utf8'), 'from-ctr\n');
  const readOnly = await env.berth([
    'run',
    '--rm',
    '--mount',
    `type=bind,source=${web},target=/w,readonly`,
    'busybox',
    'sh',
    '-c',
    'cat /w/index.html; touch /w/x',
  ]);
  assert.equal(readOnly.stdout, '<h1>hello from the host</h1>\n');
  assert.notEqual(readOnly.status, 0, 'a readonly bind mount refuses writes');
  const missing = await env.berth([
    'run',
    '--rm',
    '-v',
    `${join(env.dir, 'absent')}:/x`,
    'busybox',
    'true',
  ]);
  assert.equal(missing.status, 125);
  assert.match(missing.stderr, /no such file or directory/);
});

test('anonymous volumes: -v /path, image VOLUME, --mount and --volumes-from; --rm removes them', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const tarball = join(env.dir, 'busybox-rootfs.tar');
  await env.berthOk(['import', '--change', 'VOLUME /vol', tarball, 'localhost/withvol']);
  await env.berthOk([
    'run',
    '--name',
    'anon',
    '-v',
    '/scratch',
    'localhost/withvol',
    'sh',
    '-c',
    'echo a > /scratch/f; echo b > /vol/f',
  ]);
  const names = (await env.berthOk(['volume', 'ls', '-q'])).trim().split('\n');
  assert.equal(names.length, 2, 'one volume for -v /scratch, one for the image VOLUME');
  for (const name of names) assert.match(name, /^[0-9a-f]{64}$/);
  await env
    .berthOk([
      'run',
      '--rm',
      '--volumes-from',
      'anon:ro',
      'busybox',
      'sh',
      '-c',
      'cat /scratch/f /vol/f',
    ])
    .then((out) => assert.equal(out, 'a\nb\n'));
  await env.berthOk(['rm', 'anon']);
  // The named volume of --mount type=volume and a tmpfs mount.
  const out = await env.berthOk([
    'run',
    '--rm',
    '--mount',
    'type=volume,source=mv,target=/m',
    '--mount',
    'type=tmpfs,target=/t,tmpfs-size=1m',
    'busybox',
    'sh',
    '-c',
    'echo x > /m/f; grep " /t " /proc/mounts | cut -d" " -f3',
  ]);
  assert.equal(out, 'tmpfs\n');
  assert.equal(await env.berthOk(['run', '--rm', '-v', 'mv:/m', 'busybox', 'cat', '/m/f']), 'x\n');
  // --rm drops the anonymous volumes of the run, and named ones stay.
  await env.berthOk(['run', '--rm', '-v', '/gone', 'busybox', 'true']);
  const after = (await env.berthOk(['volume', 'ls', '-q'])).trim().split('\n');
  assert.ok(after.includes('mv'));
  assert.equal(
    after.length,
    3,
    `only the two anonymous volumes of the removed-without--v container and mv remain: ${after.join(',')}`,
  );
});

test('volume create --opt type=tmpfs mounts that device at use', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'volume',
    'create',
    '--opt',
    'type=tmpfs',
    '--opt',
    'device=tmpfs',
    '--opt',
    'o=size=2m',
    'fast',
  ]);
  const [volume] = JSON.parse(await env.berthOk(['volume', 'inspect', 'fast'])) as VolumeJson[];
  assert.deepEqual(volume?.Options, { type: 'tmpfs', device: 'tmpfs', o: 'size=2m' });
  const out = await env.berthOk([
    'run',
    '--rm',
    '-v',
    'fast:/f',
    'busybox',
    'sh',
    '-c',
    'grep " /f " /proc/mounts | cut -d" " -f3; df -k /f | tail -1',
  ]);
  const [fsType, df] = out.split('\n');
  assert.equal(fsType, 'tmpfs');
  assert.match(df ?? '', /^\S+\s+2048\s/);
  assert.equal(await env.berthOk(['volume', 'rm', 'fast']), 'fast\n');
  const bad = await env.berth(['volume', 'create', '--driver', 'nfs', 'x']);
  assert.equal(bad.status, 125);
  assert.match(bad.stderr, /volume driver nfs not found/);
});
