// The foundation's main job, as a user does it: import a busybox rootfs, list it, run
// containers from it (output, exit status, 127), and leave nothing mounted behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createBerthEnv } from '../harness/berth-env.ts';
import { busyboxRootfsTar, importBusybox } from '../harness/fixtures.ts';
import { mountsUnder } from '../harness/cleanup-tree.ts';

test('import, images and run --rm echo hello', async (t) => {
  const env = await createBerthEnv(t);
  const id = (await importBusybox(env)).trim();
  assert.match(id, /^[0-9a-f]{64}$/);

  const images = await env.berthOk(['images']);
  const [header, row] = images.split('\n');
  assert.match(header ?? '', /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.match(
    row ?? '',
    new RegExp(`^localhost/busybox\\s+latest\\s+${id.slice(0, 12)}\\s+.+ ago\\s+[\\d.]+ [kMG]?B$`),
  );
  assert.equal(await env.berthOk(['images', '-q']), `${id.slice(0, 12)}\n`);
  assert.equal(
    await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}']),
    'localhost/busybox:latest\n',
  );

  const hello = await env.berth(['run', '--rm', 'localhost/busybox', 'echo', 'hello']);
  assert.equal(hello.status, 0, hello.stderr);
  assert.equal(hello.stdout, 'hello\n');

  assert.deepEqual(await mountsUnder(env.dir), [], 'a --rm container leaves no mount behind');
  const containers = JSON.parse(await env.berthOk(['info', '--format', 'json'])) as {
    store: { containerStore: { number: number } };
  };
  assert.equal(containers.store.containerStore.number, 0, 'the --rm container is gone');
});

test('run passes the exit status through, stdout and stderr apart, 127 for a missing command', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const three = await env.berth([
    'run',
    '--rm',
    'localhost/busybox',
    'sh',
    '-c',
    'echo out; echo err >&2; exit 3',
  ]);
  assert.equal(three.status, 3);
  assert.equal(three.stdout, 'out\n');
  assert.equal(three.stderr, 'err\n');

  const missing = await env.berth(['run', '--rm', 'localhost/busybox', 'no-such-command']);
  assert.equal(missing.status, 127);
  assert.match(missing.stderr, /^Error: .*no-such-command.*not found/m);

  const env1 = await env.berth([
    'run',
    '--rm',
    '-e',
    'GREETING=hi there',
    '-w',
    '/tmp',
    'busybox',
    'sh',
    '-c',
    'echo "$GREETING from $(pwd) as $(id -u)"',
  ]);
  assert.equal(env1.stdout, 'hi there from /tmp as 0\n', env1.stderr);

  const user = await env.berth(['run', '--rm', '-u', 'nobody', 'busybox', 'id', '-u']);
  assert.equal(user.stdout, '65534\n', user.stderr);

  const piped = await env.berth(['run', '--rm', '-i', 'busybox', 'cat'], {
    input: 'piped input\n',
  });
  assert.equal(piped.stdout, 'piped input\n', piped.stderr);
});

test('a detached container runs on after berth exits and is cleaned up by conmon', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (
    await env.berthOk([
      'run',
      '-d',
      '--name',
      'sleeper',
      'busybox',
      'sh',
      '-c',
      'sleep 1.5; exit 4',
    ])
  ).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  // The directories this container's storage driver (overlay or vfs) and its own files use.
  const driver = (await env.berthOk(['info', '--format', '{{.Store.GraphDriverName}}'])).trim();
  const staticDir = (
    await env.berthOk(['inspect', '--format', '{{.StaticDir}}', 'sleeper'])
  ).trim();
  const containerMounts = async () => [
    ...(await mountsUnder(join(env.root, driver))),
    ...(await mountsUnder(staticDir)),
  ];
  assert.notDeepEqual(
    await containerMounts(),
    [],
    `the running container has mounts under ${env.root}/${driver} or ${staticDir}`,
  );
  const clash = await env.berth(['run', '-d', '--name', 'sleeper', 'busybox', 'true']);
  assert.equal(clash.status, 125);
  assert.match(clash.stderr, /the container name "sleeper" is already in use/);
  // conmon's exit command (`berth container cleanup`) unmounts the rootfs and shm once the process ends.
  const deadline = Date.now() + 10_000;
  while ((await containerMounts()).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(await containerMounts(), []);
  const exits = await readdir(join(env.runroot, 'exits'));
  assert.ok(exits.includes(id), 'conmon wrote the exit file');
});

test('--storage-driver vfs stores and runs images without overlayfs', async (t) => {
  const env = await createBerthEnv(t);
  const vfs = ['--storage-driver', 'vfs'];
  const tarball = await (await import('../harness/fixtures.ts')).busyboxRootfsTar(env.tmpDir);
  await env.berthOk([...vfs, 'import', tarball, 'localhost/busybox']);
  assert.equal(
    await env.berthOk([...vfs, 'info', '--format', '{{.Store.GraphDriverName}}']),
    'vfs\n',
  );
  const run = await env.berth([
    ...vfs,
    'run',
    '--rm',
    'busybox',
    'sh',
    '-c',
    'echo changed > /etc/motd; cat /etc/motd',
  ]);
  assert.equal(run.stdout, 'changed\n', run.stderr);
  assert.deepEqual(await mountsUnder(join(env.root, 'vfs')), [], 'vfs mounts nothing for a rootfs');
});

test('a store deep enough that the attach socket path exceeds sun_path still runs attached', async (t) => {
  const env = await createBerthEnv(t);
  const deep = join(env.dir, 'd'.repeat(60), 'e'.repeat(60));
  const store = ['--root', join(deep, 'root'), '--runroot', join(deep, 'run')];
  await env.berthOk([...store, 'import', await busyboxRootfsTar(env.dir), 'busybox']);
  assert.equal(await env.berthOk([...store, 'run', '--rm', 'busybox', 'echo', 'deep']), 'deep\n');
});

test('run of an image that is nowhere says why the pull failed, in one line; a name clash in podman words', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const missing = await env.berth(['run', '--rm', 'nosuchimage', 'true']);
  assert.equal(missing.status, 125);
  assert.equal(
    missing.stderr,
    `Error: short-name "nosuchimage" did not resolve to an alias and no unqualified-search registries are defined in "${env.registriesConfPath}"\n`,
  );
  const id = (await env.berthOk(['create', '--name', 'dup', 'busybox', 'true'])).trim();
  const clash = await env.berth(['run', '--name', 'dup', 'busybox', 'true']);
  assert.equal(clash.status, 125);
  assert.equal(
    clash.stderr,
    `Error: creating container storage: the container name "dup" is already in use by ${id}. You have to remove that container to be able to reuse that name: that name is already in use\n`,
  );
});

test("the container's view matches podman 4.3.1's: id, HOME before HOSTNAME, /etc/hosts lines, /dev/shm size", async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (
    await env.berthOk([
      'create',
      '--name',
      'view',
      '--network',
      'none',
      'busybox',
      'sh',
      '-c',
      'id; tr "\\0" "\\n" < /proc/1/environ; cat /etc/hosts; grep " /dev/shm " /proc/mounts',
    ])
  ).trim();
  await env.berthOk(['start', 'view']);
  await env.berthOk(['wait', 'view']);
  const out = (await env.berthOk(['logs', 'view'])).split('\n');
  assert.equal(
    out[0],
    'uid=0(root) gid=0(root)',
    'no groups= without -u (podman passes no additionalGids then)',
  );
  // The environment as the runtime passed it, in the spec's order.
  const envLines = out.filter((line) => /^[A-Za-z_]+=/.test(line) && !line.startsWith('uid='));
  assert.deepEqual(envLines, [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'TERM=xterm',
    'container=podman',
    'HOME=/root',
    `HOSTNAME=${id.slice(0, 12)}`,
  ]);
  assert.ok(
    out.includes(`127.0.0.1\t${id.slice(0, 12)} view`),
    '/etc/hosts names the container at 127.0.0.1 with a tab',
  );
  assert.ok(
    out.every((line) => !/^\S+ +\S/.test(line) || !/^\d/.test(line)),
    'host entries are tab-separated',
  );
  assert.ok(
    out.some((line) => / \/dev\/shm tmpfs .*size=64000k/.test(line)),
    'shm_size "65536k" is 65536000 bytes, as podman reads it',
  );
  assert.equal(
    await env.berthOk(['run', '--rm', '--network', 'none', '-u', '0', 'busybox', 'id']),
    'uid=0(root) gid=0(root) groups=0(root)\n',
  );
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'idle',
    '--network',
    'none',
    'busybox',
    'sleep',
    '100',
  ]);
  assert.match(
    await env.berthOk(['exec', '-u', 'nobody', 'idle', 'id']),
    /^uid=65534\(nobody\) gid=65534\(\w+\)\n$/,
    'exec -u: no primary gid repeated',
  );
  assert.match(await env.berthOk(['top', 'idle', 'args']), /^COMMAND\nsleep 100 \n$/);
  await env.berthOk(['rm', '-f', '-t', '0', 'idle']);
});

test("--network host: the host's interfaces and hostname, no container entry in /etc/hosts, no net sysctls", async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const out = await env.berthOk([
    'run',
    '--rm',
    '--network',
    'host',
    'busybox',
    'sh',
    '-c',
    'hostname; ls /sys/class/net; cat /proc/sys/net/ipv4/ping_group_range',
  ]);
  const [name, ...rest] = out.trim().split('\n');
  assert.equal(name, hostname());
  assert.ok(rest.includes('lo') && rest.length > 2, `the host's interfaces: ${rest.join(' ')}`);
  assert.equal(
    rest.at(-1),
    (await readFile('/proc/sys/net/ipv4/ping_group_range', 'utf8')).trim(),
    'the host sysctl is left alone',
  );
  const hosts = await env.berthOk([
    'run',
    '--rm',
    '--network',
    'host',
    '--name',
    'hostnet',
    'busybox',
    'cat',
    '/etc/hosts',
  ]);
  assert.ok(!hosts.includes('hostnet'), hosts);
  assert.equal(
    await env.berthOk(['run', '--rm', '--network', 'host', '-h', 'custom', 'busybox', 'hostname']),
    'custom\n',
  );
});

test('network flags that need a bridge are refused without one, -p is dropped with podman warning', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const dns = await env.berth([
    'run',
    '--rm',
    '--network',
    'none',
    '--dns',
    '1.1.1.1',
    'busybox',
    'true',
  ]);
  assert.deepEqual(
    [dns.status, dns.stderr],
    [125, 'Error: conflicting options: dns and the network mode: none\n'],
  );
  const ip = await env.berth([
    'run',
    '--rm',
    '--network',
    'host',
    '--ip',
    '10.88.0.5',
    'busybox',
    'true',
  ]);
  assert.deepEqual(
    [ip.status, ip.stderr],
    [125, 'Error: --ip can only be set when the network mode is bridge: invalid argument\n'],
  );
  const ports = await env.berth([
    'run',
    '--rm',
    '--network',
    'none',
    '-p',
    '8080:80',
    'busybox',
    'echo',
    'ran',
  ]);
  assert.deepEqual(
    [ports.status, ports.stdout, ports.stderr],
    [
      0,
      'ran\n',
      'Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n',
    ],
  );
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      '--network',
      'host',
      '--dns',
      '9.9.9.9',
      'busybox',
      'grep',
      'nameserver',
      '/etc/resolv.conf',
    ]),
    'nameserver 9.9.9.9\n',
  );
});
