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
import { importBusybox } from '../harness/fixtures.ts';
import { freePort } from '../harness/registry.ts';
import { runProcess } from '../harness/run-process.ts';
import { retry } from '../harness/wait.ts';

/** The environment's own network (the harness gives each its name, subnet and cleanup). */
async function privateNetwork(env: BerthEnv): Promise<{ bridge: string; table: string; subnet: string }> {
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
  const id = (await env.berthOk(['run', '-d', '--name', 'myweb', '-p', `${port}:8080`, '-v', `${web}:/var/www:Z`, 'busybox', 'httpd', '-f', '-p', '8080', '-h', '/var/www'])).trim();
  assert.equal(await retry(() => httpGet(port)), '<h1>myweb</h1>\n');
  assert.match(await env.berthOk(['ps']), new RegExp(`^${id.slice(0, 12)}.*0\\.0\\.0\\.0:${port}->8080/tcp\\s+myweb$`, 'm'));
  assert.equal(await env.berthOk(['port', 'myweb']), `8080/tcp -> 0.0.0.0:${port}\n`);
  assert.equal(await env.berthOk(['port', 'myweb', '8080']), `0.0.0.0:${port}\n`);
  const ip = (await env.berthOk(['container', 'inspect', '--format', '{{.NetworkSettings.IPAddress}}', 'myweb'])).trim();
  assert.match(ip, new RegExp(`^${net.subnet.replace(/0\/24$/, '').replace(/\./g, '\\.')}\\d+$`));
  const hosts = await env.berthOk(['exec', 'myweb', 'cat', '/etc/hosts']);
  assert.match(hosts, new RegExp(`${ip.replace(/\./g, '\\.')}\\s+${id.slice(0, 12)} myweb`));
  assert.match(hosts, /host\.containers\.internal/);

  const clash = await env.berth(['run', '-d', '-p', `${port}:80`, 'busybox', 'true']);
  assert.equal(clash.status, 125);
  assert.match(clash.stderr, new RegExp(`^Error: cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use$`, 'm'));

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
  const server = 'read -r cmd key val; case "$cmd" in SET) echo "$val" > "/var/lib/db/$key" && echo OK ;; GET) cat "/var/lib/db/$key" 2>/dev/null || echo NULL ;; esac';
  const startDb = () => env.berthOk(['run', '-d', '--name', 'mydb', '-p', `127.0.0.1:${port}:3306`, '-v', 'dbdata:/var/lib/db', 'busybox', 'nc', '-ll', '-p', '3306', '-e', 'sh', '-c', server]);
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
  assert.equal(await query('GET greeting'), 'hello\n', 'a new container on the named volume sees the data');
  const bad = await env.berth(['run', '--rm', '-p', '8080:', 'busybox', 'true']);
  assert.equal(bad.status, 125);
  assert.match(bad.stderr, /^Error: invalid port format "8080:"/m);
  await env.berthOk(['rm', '-f', '-t', '0', 'mydb']);
  await env.berthOk(['volume', 'rm', 'dbdata']);
});
