// User networks through the built CLI: create/ls/inspect/rm, containers resolving each other by
// name and alias through aardvark-dns, --ip, overlapping subnets refused, rm of a network in use
// refused, connect/disconnect, 20 parallel starts, and reload after a berth killed mid-setup.
// Each test uses its own random subnet in 10.89-10.127 and removes bridges, tables and aardvark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { freePort } from '../harness/registry.ts';
import { runProcess } from '../harness/run-process.ts';
import { retry } from '../harness/wait.ts';

interface TestNet {
  name: string;
  subnet: string;
  prefix: string;
}

/** Creates a network with a random /24 and registers its cleanup (bridge, table, aardvark). */
async function userNetwork(env: BerthEnv, extra: string[] = []): Promise<TestNet> {
  const second = 89 + Math.floor(Math.random() * 39);
  const third = Math.floor(Math.random() * 256);
  const prefix = `10.${second}.${third}.`;
  const name = `tn${Math.random().toString(36).slice(2, 8)}`;
  await env.berthOk(['network', 'create', '--subnet', `${prefix}0/24`, ...extra, name]);
  const bridge = (
    await env.berthOk(['network', 'inspect', '--format', '{{.NetworkInterface}}', name])
  ).trim();
  env.defer(async () => {
    const pid = Number.parseInt(
      await readFile(join(env.runroot, 'networks', 'aardvark', 'aardvark.pid'), 'utf8').catch(
        () => '',
      ),
      10,
    );
    if (pid > 0) {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (comm.trim() === 'aardvark-dns') process.kill(pid, 'SIGKILL');
    }
    await runProcess(['nft', 'delete', 'table', 'inet', `berth-${name}`]).catch(() => undefined);
    await runProcess(['ip', 'link', 'del', 'dev', bridge]).catch(() => undefined);
  });
  return { name, subnet: `${prefix}0/24`, prefix };
}

/** The container's address on a network, from inspect's NetworkSettings.Networks. */
async function addressOn(env: BerthEnv, container: string, network: string): Promise<string> {
  const networks = JSON.parse(
    await env.berthOk(['inspect', '--format', '{{json .NetworkSettings.Networks}}', container]),
  ) as Record<string, { IPAddress: string }>;
  // The template engine's json capitalises map keys today (reported); match the name either way.
  const key = Object.keys(networks).find((name) => name.toLowerCase() === network.toLowerCase());
  return key === undefined ? '' : (networks[key]?.IPAddress ?? '');
}

test('network create, ls, inspect, exists, overlap refused, rm', async (t) => {
  const env = await createBerthEnv(t);
  const net = await userNetwork(env, ['--label', 'team=a']);
  const ls = await env.berthOk(['network', 'ls']);
  assert.match(ls, /^NETWORK ID\s+NAME\s+DRIVER$/m);
  assert.match(
    ls,
    new RegExp(`^[0-9a-f]{12}\\s+${env.network.name}\\s+bridge$`, 'm'),
    'the default network is listed',
  );
  assert.match(ls, new RegExp(`^[0-9a-f]{12}\\s+${net.name}\\s+bridge$`, 'm'));
  assert.equal(
    await env.berthOk(['network', 'ls', '-q', '--filter', 'label=team=a']),
    `${net.name}\n`,
  );
  const [inspected] = JSON.parse(await env.berthOk(['network', 'inspect', net.name])) as {
    subnets: { subnet: string; gateway: string }[];
    dns_enabled: boolean;
    labels: Record<string, string>;
  }[];
  assert.deepEqual(inspected?.subnets, [{ subnet: net.subnet, gateway: `${net.prefix}1` }]);
  assert.equal(inspected?.dns_enabled, true);
  assert.deepEqual(inspected?.labels, { team: 'a' });
  const overlap = await env.berth([
    'network',
    'create',
    '--subnet',
    `${net.prefix}128/25`,
    `${net.name}x`,
  ]);
  assert.equal(overlap.status, 125);
  assert.match(
    overlap.stderr,
    /^Error: subnet .* is already used on the host or by another config$/m,
  );
  assert.equal((await env.berth(['network', 'exists', net.name])).status, 0);
  assert.equal(await env.berthOk(['network', 'rm', net.name]), `${net.name}\n`);
  assert.equal((await env.berth(['network', 'exists', net.name])).status, 1);
});

test('containers on a user network resolve each other by name and alias; --ip honoured; rm in use refused', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const net = await userNetwork(env);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'web',
    '--network',
    net.name,
    '--ip',
    `${net.prefix}77`,
    '--network-alias',
    'www',
    'busybox',
    'httpd',
    '-f',
    '-p',
    '8080',
    '-h',
    '/',
  ]);
  assert.equal(await addressOn(env, 'web', net.name), `${net.prefix}77`);
  assert.match(await env.berthOk(['ps', '--format', '{{.Networks}}']), new RegExp(net.name));
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'client',
    '--network',
    net.name,
    'busybox',
    'sleep',
    '60',
  ]);
  const resolv = await env.berthOk(['exec', 'client', 'cat', '/etc/resolv.conf']);
  assert.match(resolv, /^search dns\.podman/m);
  assert.match(resolv, new RegExp(`^nameserver ${net.prefix.replace(/\./g, '\\.')}1$`, 'm'));
  for (const name of ['web', 'www']) {
    const answer = await retry(() => env.berthOk(['exec', 'client', 'nslookup', name]));
    assert.match(
      answer,
      new RegExp(`Address: ${net.prefix.replace(/\./g, '\\.')}77`),
      `${name} resolves`,
    );
  }
  const webHost = (await env.berthOk(['exec', 'web', 'hostname'])).trim();
  assert.equal(
    (
      await retry(() =>
        env.berthOk(['exec', 'client', 'wget', '-q', '-O', '-', 'http://web:8080/etc/hostname']),
      )
    ).trim(),
    webHost,
  );
  const inUse = await env.berth(['network', 'rm', net.name]);
  assert.equal(inUse.status, 2);
  assert.match(inUse.stderr, /network is being used/);
  await env.berthOk(['network', 'rm', '-f', net.name]);
  assert.equal(
    (await env.berth(['container', 'exists', 'web'])).status,
    1,
    'rm -f removed its containers',
  );
});

test('connect and disconnect give a running container an extra interface and take it away; a stopped one at its next start', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const net = await userNetwork(env);
  await env.berthOk(['run', '-d', '--name', 'box', 'busybox', 'sleep', '60']);
  await env.berthOk(['network', 'connect', net.name, 'box']);
  assert.match(
    await env.berthOk(['exec', 'box', 'ip', 'addr', 'show', 'eth1']),
    new RegExp(`inet ${net.prefix.replace(/\./g, '\\.')}2/24`),
  );
  assert.match(
    await env.berthOk(['inspect', '--format', '{{json .NetworkSettings.Networks}}', 'box']),
    new RegExp(`"${net.name}"`),
  );
  await env.berthOk(['network', 'disconnect', net.name, 'box']);
  assert.notEqual(
    (await env.berth(['exec', 'box', 'ip', 'addr', 'show', 'eth1'])).status,
    0,
    'eth1 is gone',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'box']);

  // A container that does not run joins (and leaves) at its next start.
  await env.berthOk(['create', '--name', 'later', 'busybox', 'sleep', '60']);
  await env.berthOk(['network', 'connect', net.name, 'later']);
  await env.berthOk(['start', 'later']);
  assert.match(
    await env.berthOk(['exec', 'later', 'ip', 'addr', 'show', 'eth1']),
    new RegExp(`inet ${net.prefix.replace(/\./g, '\\.')}\\d+/24`),
  );
  await env.berthOk(['stop', '-t', '0', 'later']);
  await env.berthOk(['network', 'disconnect', net.name, 'later']);
  await env.berthOk(['start', 'later']);
  assert.notEqual(
    (await env.berth(['exec', 'later', 'ip', 'addr', 'show', 'eth1'])).status,
    0,
    'no eth1 after the disconnect',
  );
  const none = await env.berth(['create', '--network', 'none', 'busybox', 'true']);
  const refused = await env.berth(['network', 'connect', net.name, none.stdout.trim()]);
  assert.equal(refused.status, 125);
  assert.match(refused.stderr, /only a bridge-mode container can connect to networks/);
  await env.berthOk(['rm', '-f', '-a', '-t', '0']);
});

test('20 containers started in parallel on one network get 20 distinct addresses and all their published ports', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const net = await userNetwork(env);
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  // Each run rebuilds the network's nftables table: none may apply a view missing another's port.
  await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      env.berthOk([
        'run',
        '-d',
        '--name',
        `p${index}`,
        '--network',
        net.name,
        '-p',
        `127.0.0.1:${ports[index]}:80`,
        'busybox',
        'httpd',
        '-f',
        '-p',
        '80',
      ]),
    ),
  );
  const statuses = await Promise.all(
    ports.map((port) =>
      retry(
        async () =>
          (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).status,
      ),
    ),
  );
  assert.deepEqual(
    statuses,
    Array.from({ length: 20 }, () => 404),
    'every published port reaches its httpd',
  );
  const ips = await Promise.all(
    Array.from({ length: 20 }, async (_, index) => addressOn(env, `p${index}`, net.name)),
  );
  assert.equal(new Set(ips).size, 20);
  for (const ip of ips) assert.ok(ip.startsWith(net.prefix), ip);
  const answer = await retry(() => env.berthOk(['exec', 'p0', 'nslookup', 'p19']));
  assert.match(answer, new RegExp(`Address: ${ips[19]?.replace(/\./g, '\\.') ?? 'x'}`));
  await env.berthOk([
    'rm',
    '-f',
    '-t',
    '0',
    ...Array.from({ length: 20 }, (_, index) => `p${index}`),
  ]);
});

test('kill -9 of berth during network set-up, then network reload leaves no veth behind', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const net = await userNetwork(env);
  const bridge = (
    await env.berthOk(['network', 'inspect', '--format', '{{.NetworkInterface}}', net.name])
  ).trim();
  await env.berthOk([
    'create',
    '--name',
    'victim',
    '--network',
    net.name,
    'busybox',
    'sleep',
    '60',
  ]);
  // SIGKILL berth as soon as the veth of the container appears on the bridge.
  const child = env.berth(['start', 'victim']);
  for (let waited = 0; waited < 10000; waited += 5) {
    const links = await runProcess(['ip', '-o', 'link', 'show', 'master', bridge]);
    if (links.stdout.includes('veth')) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const pids = await runProcess(['pgrep', '-f', `${env.runroot} start victim`]);
  for (const pid of pids.stdout.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
  await child;
  await env.berthOk(['network', 'reload']);
  const links = await runProcess(['ip', '-o', 'link', 'show', 'master', bridge]);
  const state = (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'victim'])).trim();
  assert.notEqual(state, 'running', 'berth died before runtime start');
  assert.equal(links.stdout.trim(), '', 'no veth of a container that does not run');
  const table = await runProcess(['nft', 'list', 'table', 'inet', `berth-${net.name}`]);
  assert.notEqual(table.status, 0, 'no table for a network without running containers');
  // The address is free again: a new container may take the one the victim held.
  await env.berthOk([
    'run',
    '--rm',
    '--network',
    net.name,
    '--ip',
    `${net.prefix}2`,
    'busybox',
    'true',
  ]);
  await env.berth(['rm', '-f', '-t', '0', 'victim']);
});

test('--network container:ID shares the namespace; --add-host, --dns, --dns-search, --mac-address land in the container', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const net = await userNetwork(env);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'main',
    '--network',
    net.name,
    '--mac-address',
    '02:42:ac:11:00:09',
    '--add-host',
    'db.local:192.0.2.7',
    '--add-host',
    'gw:host-gateway',
    '--dns',
    '192.0.2.53',
    '--dns-search',
    'example.test',
    'busybox',
    'sleep',
    '60',
  ]);
  const ip = await addressOn(env, 'main', net.name);
  assert.match(
    await env.berthOk(['exec', 'main', 'ip', 'link', 'show', 'eth0']),
    /link\/ether 02:42:ac:11:00:09/,
  );
  const hosts = await env.berthOk(['exec', 'main', 'cat', '/etc/hosts']);
  assert.match(hosts, /^192\.0\.2\.7\s+db\.local$/m);
  assert.match(hosts, new RegExp(`^${net.prefix.replace(/\./g, '\\.')}1\\s+gw$`, 'm'));
  assert.equal(
    await env.berthOk(['exec', 'main', 'cat', '/etc/resolv.conf']),
    'search example.test\nnameserver 192.0.2.53\n',
  );
  const shared = await env.berthOk([
    'run',
    '--rm',
    '--network',
    'container:main',
    'busybox',
    'ip',
    'addr',
    'show',
    'eth0',
  ]);
  assert.match(shared, new RegExp(`inet ${ip.replace(/\./g, '\\.')}/24`));
  await env.berthOk(['rm', '-f', '-t', '0', 'main']);
});

test('an --internal network: its containers reach each other and nothing outside it', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const outside = await userNetwork(env);
  const internal = await userNetwork(env, ['--internal']);
  const other = await userNetwork(env);
  assert.equal(
    (await env.berthOk(['network', 'inspect', '--format', '{{.Internal}}', internal.name])).trim(),
    'true',
  );
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'web',
    '--network',
    outside.name,
    'busybox',
    'httpd',
    '-f',
    '-p',
    '80',
  ]);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'inner',
    '--network',
    internal.name,
    'busybox',
    'httpd',
    '-f',
    '-p',
    '80',
  ]);
  const web = await addressOn(env, 'web', outside.name);
  const inner = await addressOn(env, 'inner', internal.name);
  // busybox's static wget crashes on this host; nc speaks the HTTP request instead.
  const get = (network: string, ip: string) =>
    env.berth([
      'run',
      '--rm',
      '--network',
      network,
      'busybox',
      'sh',
      '-c',
      `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${ip} 80 | head -1`,
    ]);
  assert.match(
    (
      await retry(async () => {
        const r = await get(other.name, web);
        if (!r.stdout) throw new Error(r.stderr);
        return r;
      })
    ).stdout,
    /^HTTP\/1\.[01] 404/,
    'a normal network reaches another one',
  );
  assert.match(
    (await get(internal.name, inner)).stdout,
    /^HTTP\/1\.[01] 404/,
    'inside the internal network',
  );
  const out = await get(internal.name, web);
  assert.equal(out.stdout, '', 'nothing leaves the internal network');
  assert.match(out.stderr, /Network is unreachable|timed out|can't connect/);
  await env.berthOk(['rm', '-f', '-a', '-t', '0']);
});
