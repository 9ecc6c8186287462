// Published ports on a bridge network, as the user's day uses them: httpd with a volume on a
// published port fetched with curl from localhost, a published port bound to 127.0.0.1, port
// clashes refused, and everything (veth, rules) gone after stop. Each test has its own network
// name and subnet, and removes its bridge and nftables table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { busyboxRootfsTar, importBusybox } from '../harness/fixtures.ts';
import { freePort } from '../harness/registry.ts';
import { runProcess } from '../harness/run-process.ts';
import { retry } from '../harness/wait.ts';

/** The environment's own network (the harness gives each its name, subnet and cleanup). */
async function privateNetwork(
  env: BerthEnv,
): Promise<{ bridge: string; table: string; subnet: string }> {
  return env.network;
}

async function httpGet(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
  return response.text();
}

test('httpd with a volume on a published port answers on localhost; ps, port and inspect show it', async (t) => {
  const env = await createBerthEnv(t);
  const net = await privateNetwork(env);
  await importBusybox(env);
  const web = join(env.dir, 'webcontent');
  await mkdir(web);
  await writeFile(join(web, 'index.html'), '<h1>myweb</h1>\n');
  const port = await freePort();
  const id = (
    await env.berthOk([
      'run',
      '-d',
      '--name',
      'myweb',
      '-p',
      `${port}:8080`,
      '-v',
      `${web}:/var/www:Z`,
      'busybox',
      'httpd',
      '-f',
      '-p',
      '8080',
      '-h',
      '/var/www',
    ])
  ).trim();
  assert.equal(await retry(() => httpGet(port)), '<h1>myweb</h1>\n');
  assert.match(
    await env.berthOk(['ps']),
    new RegExp(`^${id.slice(0, 12)}.*0\\.0\\.0\\.0:${port}->8080/tcp\\s+myweb$`, 'm'),
  );
  assert.equal(await env.berthOk(['port', 'myweb']), `8080/tcp -> 0.0.0.0:${port}\n`);
  assert.equal(await env.berthOk(['port', 'myweb', '8080']), `0.0.0.0:${port}\n`);
  const ip = (
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{.NetworkSettings.IPAddress}}',
      'myweb',
    ])
  ).trim();
  assert.match(ip, new RegExp(`^${net.subnet.replace(/0\/24$/, '').replace(/\./g, '\\.')}\\d+$`));
  const hosts = await env.berthOk(['exec', 'myweb', 'cat', '/etc/hosts']);
  assert.match(hosts, new RegExp(`${ip.replace(/\./g, '\\.')}\\s+${id.slice(0, 12)} myweb`));
  assert.match(hosts, /host\.containers\.internal/);

  const clash = await env.berth(['run', '-d', '-p', `${port}:80`, 'busybox', 'true']);
  assert.equal(clash.status, 125);
  assert.match(
    clash.stderr,
    new RegExp(
      `^Error: cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use$`,
      'm',
    ),
  );

  await env.berthOk(['stop', '-t', '1', 'myweb']);
  await assert.rejects(() => httpGet(port), 'nothing answers after stop');
  const links = await runProcess(['ip', '-br', 'link']);
  assert.doesNotMatch(links.stdout, new RegExp(`veth${id.slice(0, 11)}`), 'the veth is gone');
  const table = await runProcess(['nft', 'list', 'table', 'inet', net.table]);
  assert.notEqual(table.status, 0, 'the table of a network without running containers is removed');
});

test('a port published on 127.0.0.1 reaches a database-like server from the host; its volume outlives it', async (t) => {
  const env = await createBerthEnv(t);
  await privateNetwork(env);
  await importBusybox(env);
  const port = await freePort();
  // The README demo's key-value server: busybox nc runs one shell per connection.
  const server =
    'read -r cmd key val; case "$cmd" in SET) echo "$val" > "/var/lib/db/$key" && echo OK ;; GET) cat "/var/lib/db/$key" 2>/dev/null || echo NULL ;; esac';
  const startDb = () =>
    env.berthOk([
      'run',
      '-d',
      '--name',
      'mydb',
      '-p',
      `127.0.0.1:${port}:3306`,
      '-v',
      'dbdata:/var/lib/db',
      'busybox',
      'nc',
      '-ll',
      '-p',
      '3306',
      '-e',
      'sh',
      '-c',
      server,
    ]);
  const query = (line: string) =>
    retry(
      () =>
        new Promise<string>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port }, () => socket.write(`${line}\n`));
          let data = '';
          socket.on('data', (chunk) => (data += chunk.toString()));
          socket.on('end', () => (data ? resolve(data) : reject(new Error('empty'))));
          socket.on('error', reject);
        }),
    );
  await startDb();
  assert.equal(await query('GET greeting'), 'NULL\n');
  assert.equal(await query('SET greeting hello'), 'OK\n');
  await env.berthOk(['rm', '-f', '-t', '0', 'mydb']);
  await startDb();
  assert.equal(
    await query('GET greeting'),
    'hello\n',
    'a new container on the named volume sees the data',
  );
  const bad = await env.berth(['run', '--rm', '-p', '8080:', 'busybox', 'true']);
  assert.equal(bad.status, 125);
  assert.match(bad.stderr, /^Error: invalid port format "8080:"/m);
  await env.berthOk(['rm', '-f', '-t', '0', 'mydb']);
  await env.berthOk(['volume', 'rm', 'dbdata']);
});

/** busybox httpd answers any path it has no file for with 404: proof the request got in. */
async function httpStatus(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/missing`, {
    signal: AbortSignal.timeout(3000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The MAC address of a host interface. */
async function linkMac(name: string): Promise<string> {
  const { stdout } = await runProcess(['ip', '-o', 'link', 'show', 'dev', name]);
  const mac = /link\/ether (\S+)/.exec(stdout)?.[1];
  assert.ok(mac, `the MAC of ${name}: ${stdout}`);
  return mac;
}

/** `port NAME` lines as [container port/proto, host port]. */
async function portLines(env: BerthEnv, name: string): Promise<[string, number][]> {
  const lines = (await env.berthOk(['port', name])).trim().split('\n');
  return lines.map((line) => {
    const match = /^(\d+\/(?:tcp|udp)) -> 0\.0\.0\.0:(\d+)$/.exec(line);
    assert.ok(match, `podman's port line: ${line}`);
    return [match[1] ?? '', Number(match[2])];
  });
}

test('-p with only a container port publishes a free host port, kept across restarts; two such containers get different ones', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const idA = (
    await env.berthOk([
      'run',
      '-d',
      '--name',
      'a',
      '-p',
      '80',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '80',
    ])
  ).trim();
  await env.berthOk(['run', '-d', '--name', 'b', '-p', '80', 'busybox', 'httpd', '-f', '-p', '80']);
  const [[keyA, portA] = ['', 0]] = await portLines(env, 'a');
  const [[keyB, portB] = ['', 0]] = await portLines(env, 'b');
  assert.deepEqual([keyA, keyB], ['80/tcp', '80/tcp']);
  assert.ok(portA > 0 && portB > 0 && portA !== portB, `two free host ports: ${portA} ${portB}`);
  assert.equal(await retry(() => httpStatus(portA)), 404);
  assert.equal(await retry(() => httpStatus(portB)), 404);
  assert.equal(await env.berthOk(['port', 'a', '80/tcp']), `0.0.0.0:${portA}\n`);
  assert.match(
    await env.berthOk(['ps']),
    new RegExp(`^${idA.slice(0, 12)}.*0\\.0\\.0\\.0:${portA}->80/tcp\\s+a$`, 'm'),
  );
  const bindings = JSON.parse(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{json .HostConfig.PortBindings}}',
      'a',
    ]),
  ) as unknown;
  assert.deepEqual(bindings, { '80/tcp': [{ HostIp: '', HostPort: String(portA) }] });

  // The port was chosen at create and stored: a restart publishes the same one again.
  const bridgeMac = await linkMac(env.network.bridge);
  await env.berthOk(['stop', '-t', '0', 'a']);
  assert.match(
    await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.Ports}}']),
    new RegExp(`^a 0\\.0\\.0\\.0:${portA}->80/tcp$`, 'm'),
    "ps lists a stopped container's ports",
  );
  await env.berthOk(['start', 'a']);
  assert.deepEqual(await portLines(env, 'a'), [['80/tcp', portA]]);
  // a has its address back with a new MAC: start made the host forget the old one, so the
  // connection is not sent to a MAC nobody has any more. The bridge kept its own MAC (b's ARP entry
  // for the gateway still holds), so no MAC change flushed the host's entries by chance either.
  assert.equal(await retry(() => httpStatus(portA)), 404);
  assert.equal(await linkMac(env.network.bridge), bridgeMac, 'the bridge keeps its MAC');
  assert.equal(await retry(() => httpStatus(portB)), 404);
  await env.berthOk(['rm', '-f', '-t', '0', 'a', 'b']);
});

test('-P publishes the image EXPOSE ports and --expose ones to free host ports', async (t) => {
  const env = await createBerthEnv(t);
  const tarball = await busyboxRootfsTar(env.dir);
  await env.berthOk(['import', '--change', 'EXPOSE 8080', tarball, 'localhost/exposing']);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'web',
    '-P',
    '--expose',
    '9090/udp',
    'exposing',
    'httpd',
    '-f',
    '-p',
    '8080',
  ]);
  const lines = await portLines(env, 'web');
  assert.deepEqual(
    lines.map(([key]) => key),
    ['8080/tcp', '9090/udp'],
  );
  const [[, webPort] = ['', 0], [, udpPort] = ['', 0]] = lines;
  assert.ok(
    webPort > 0 && udpPort > 0 && webPort !== udpPort,
    `free host ports: ${webPort} ${udpPort}`,
  );
  assert.equal(await retry(() => httpStatus(webPort)), 404);
  assert.equal(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{.HostConfig.PublishAllPorts}}',
      'web',
    ]),
    'true\n',
  );

  // Without -P an EXPOSEd port stays unpublished; a -p of the same port wins over -P's choice.
  await env.berthOk(['create', '--name', 'plain', 'exposing', 'true']);
  assert.equal(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{json .HostConfig.PortBindings}}',
      'plain',
    ]),
    '{}\n',
  );
  const fixed = await freePort();
  await env.berthOk(['create', '--name', 'fixed', '-P', '-p', `${fixed}:8080`, 'exposing', 'true']);
  const bindings = JSON.parse(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{json .HostConfig.PortBindings}}',
      'fixed',
    ]),
  ) as unknown;
  assert.deepEqual(bindings, { '8080/tcp': [{ HostIp: '', HostPort: String(fixed) }] });
  await env.berthOk(['rm', '-f', '-t', '0', 'web', 'plain', 'fixed']);
});

test('inspect shows the command line that created the container as Config.CreateCommand', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const args = ['create', '--name', 'made', '-e', 'A=b c', 'busybox', 'echo', 'hi'];
  await env.berthOk(args);
  const shown = JSON.parse(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{json .Config.CreateCommand}}',
      'made',
    ]),
  ) as unknown;
  assert.deepEqual(shown, ['berth', ...env.globalArgs, ...args]);
  await env.berthOk(['run', '--name', 'ran', 'busybox', 'true']);
  const ran = JSON.parse(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{json .Config.CreateCommand}}',
      'ran',
    ]),
  ) as unknown;
  assert.deepEqual(ran, ['berth', ...env.globalArgs, 'run', '--name', 'ran', 'busybox', 'true']);
});
