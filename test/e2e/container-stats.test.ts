// `berth stats` against real containers: podman 4's columns, values read from the container's
// cgroup (memory limit, pids, CPU time), --format json and Go templates, -a, streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createBerthEnv, berthBin } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';

const busyLoop = ['sh', '-c', 'sleep 1000 & while true; do :; done'];

test('stats --no-stream prints podman 4 columns with values from the cgroup', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (
    await env.berthOk(['run', '-d', '--name', 'spin', '--memory', '64m', 'busybox', ...busyLoop])
  ).trim();
  await env.berthOk(['run', '-d', '--name', 'idle', 'busybox', 'sleep', '1000']);
  await env.berthOk(['create', '--name', 'made', 'busybox', 'true']);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const lines = (await env.berthOk(['stats', '--no-stream', 'spin'])).trimEnd().split('\n');
  assert.match(
    lines[0] ?? '',
    /^ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET IO\s+BLOCK IO\s+PIDS\s+CPU TIME\s+AVG CPU %$/,
  );
  assert.equal(lines.length, 2);
  const row = lines[1] ?? '';
  assert.ok(row.startsWith(`${id.slice(0, 12)}  spin`), row);
  // A busy loop uses a large share of one CPU; 64m = 67.11MB as go-units prints it.
  assert.match(row, /\s\d+\.\d\d%\s+\S+ \/ 67\.11MB\s+\d+\.\d\d%\s/);
  assert.match(
    row,
    /\s2\s+\S+s\s+\d+\.\d\d%$/,
    'pids: sh (the loop) and sleep; CPU time; average CPU',
  );

  const json = JSON.parse(
    await env.berthOk(['stats', '--no-stream', '--format', 'json', 'spin']),
  ) as Record<string, string>[];
  assert.equal(json.length, 1);
  assert.deepEqual(Object.keys(json[0] ?? {}), [
    'id',
    'name',
    'cpu_time',
    'cpu_percent',
    'avg_cpu',
    'mem_usage',
    'mem_percent',
    'net_io',
    'block_io',
    'pids',
  ]);
  assert.equal(json[0]?.['name'], 'spin');
  assert.equal(json[0]?.['pids'], '2');
  const cpu = Number.parseFloat(json[0]?.['cpu_percent'] ?? '');
  assert.ok(cpu > 20, `a busy loop shows CPU use, got ${json[0]?.['cpu_percent']}`);

  const running = await env.berthOk([
    'stats',
    '--no-stream',
    '--no-trunc',
    '--format',
    '{{.ID}} {{.Name}} {{.PIDS}}',
  ]);
  const names = running.trim().split('\n').sort();
  assert.equal(names.length, 2, 'only running containers without -a');
  assert.ok(names.includes(`${id} spin 2`), running);
  assert.match(running, /^[0-9a-f]{64} idle 1$/m);

  const all = await env.berthOk([
    'stats',
    '--no-stream',
    '-a',
    '--format',
    '{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDS}}',
  ]);
  assert.match(all, /^made\|--\|-- \/ --\|--$/m, 'a created container has no figures');
  assert.equal(all.trim().split('\n').length, 3);

  const clash = await env.berth(['stats', '-a', 'spin']);
  assert.equal(clash.status, 125);
  assert.match(clash.stderr, /--all, --latest and containers cannot be used together/);
  const missing = await env.berth(['stats', '--no-stream', 'nosuch']);
  assert.equal(missing.status, 125);
  assert.match(missing.stderr, /no container with name or ID "nosuch" found/);
});

test('stats streams a new table every interval until interrupted', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'spin', 'busybox', ...busyLoop]);
  const child = spawn(
    process.execPath,
    [berthBin, ...env.globalArgs, 'stats', '-i', '1', '--format', '{{.Name}} {{.CPUPerc}}'],
    { env: env.env },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => setTimeout(resolve, 3500));
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  const samples = out.trim().split('\n');
  assert.ok(samples.length >= 3, `one line per interval, got ${JSON.stringify(out)}`);
  assert.ok(!out.includes('\x1b['), 'no screen reset when stdout is not a terminal');
  for (const line of samples) assert.match(line, /^spin \d+\.\d\d%$/);
  // Later samples measure the last interval only: a busy loop stays near one full CPU.
  assert.ok(Number.parseFloat((samples.at(-1) ?? '').split(' ')[1] ?? '') > 20, out);
});
