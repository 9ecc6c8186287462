// 16 berth processes at a time doing mixed verbs on a few shared names for a minute
// (BERTH_STRESS_SECONDS): every command either succeeds or fails with one of podman's own
// messages, nothing runs that `ps -a` does not list, and after `rm -f -a` no conmon, mount,
// cgroup, directory, veth or nft table of the test is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { mountsUnder, processesReferencing } from '../harness/cleanup-tree.ts';
import { runProcess } from '../harness/run-process.ts';
import { waitFor } from '../harness/wait.ts';

const workers = 16;
const durationMs = Number(process.env['BERTH_STRESS_SECONDS'] ?? '60') * 1000;
const names = ['s0', 's1', 's2', 's3', 's4', 's5'];
const volumes = ['sv0', 'sv1'];
const suffix = Math.random().toString(36).slice(2, 7);
const networks = [`sn0${suffix}`, `sn1${suffix}`];

/** podman's own answers to a verb that lost a race: anything else is a defect. */
const expectedFailures = [
  /^Error: no container with (name or )?ID "?[\w.-]+"? found( in database)?: no such container$/,
  /^Error: creating container storage: the container name "s\d" is already in use by [0-9a-f]{64}\. You have to remove that container to be able to reuse that name: that name is already in use$/,
  /: container state improper$/,
  /^Error: no volume with name "sv\d" found: no such volume$/,
  /^Error: volume with name sv\d already exists: volume already exists$/,
  /^Error: volume sv\d is being used by the following container\(s\): [0-9a-f]{64}(, [0-9a-f]{64})*: volume is being used$/,
  /^Error: unable to find network with name or ID sn\d\w+: network not found$/,
  /^Error: network name sn\d\w+ already used: network already exists$/,
  /^Error: subnet [\d./]+ is already used on the host or by another config$/,
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function verb(): string[] {
  const name = pick(names);
  const roll = Math.random();
  if (roll < 0.2)
    return [
      'run',
      '-d',
      '--name',
      name,
      ...(Math.random() < 0.5 ? ['-v', `${pick(volumes)}:/data`] : []),
      'busybox',
      'sleep',
      pick(['1000', '0.2']),
    ];
  if (roll < 0.32) return ['start', name];
  if (roll < 0.44) return ['stop', '-t', '0', name];
  if (roll < 0.58) return ['rm', '-f', '-t', '0', name];
  if (roll < 0.68) return ['exec', name, 'true'];
  if (roll < 0.76) return ['ps', '-a'];
  if (roll < 0.82) return ['volume', 'create', pick(volumes)];
  if (roll < 0.88) return ['volume', 'rm', pick(volumes)];
  if (roll < 0.94)
    return [
      'network',
      'create',
      '--subnet',
      `10.${90 + Math.floor(Math.random() * 30)}.${Math.floor(Math.random() * 250)}.0/24`,
      pick(networks),
    ];
  return ['network', 'rm', pick(networks)];
}

async function cgroupDirsOf(ids: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const parent = join('/sys/fs/cgroup', controller, 'berth_parent');
    for (const dir of await readdir(parent).catch(() => [] as string[])) {
      if (ids.has(dir.replace(/^berth-/, ''))) found.push(join(parent, dir));
    }
  }
  return found;
}

async function conmonContainerIds(env: BerthEnv): Promise<string[]> {
  const ids: string[] = [];
  for (const pid of await processesReferencing(env.dir)) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!(argv[0] ?? '').endsWith('conmon')) continue;
    const at = argv.indexOf('-c');
    if (at >= 0 && argv[at + 1]) ids.push(argv[at + 1] as string);
  }
  return ids;
}

test(
  `stress: ${workers} processes of mixed verbs for ${durationMs / 1000} s leave nothing behind`,
  { timeout: durationMs + 240_000 },
  async (t) => {
    const env = await createBerthEnv(t);
    await importBusybox(env);
    for (const network of networks)
      env.defer(() =>
        runProcess(['nft', 'delete', 'table', 'inet', `berth-${network}`]).then(
          () => undefined,
          () => undefined,
        ),
      );
    const unexpected: string[] = [];
    const ids = new Set<string>();
    let commands = 0;
    const deadline = Date.now() + durationMs;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (Date.now() < deadline) {
          const args = verb();
          const result = await env.berth(args, { timeoutMs: 120_000 });
          commands++;
          if (args[0] === 'run' && result.status === 0) ids.add(result.stdout.trim());
          if (result.status === 0) continue;
          const lines = result.stderr.trim().split('\n');
          if (
            lines.length === 1 &&
            expectedFailures.some((pattern) => pattern.test(lines[0] ?? ''))
          )
            continue;
          unexpected.push(`berth ${args.join(' ')} -> ${result.status}: ${result.stderr.trim()}`);
        }
      }),
    );
    t.diagnostic(`${commands} commands, ${ids.size} containers run`);
    assert.deepEqual(unexpected, [], "only podman's own messages");

    // Nothing runs that ps -a does not list.
    const listed = new Set(
      (await env.berthOk(['ps', '-a', '--no-trunc', '--format', '{{.ID}}']))
        .split('\n')
        .filter(Boolean),
    );
    for (const id of await conmonContainerIds(env))
      assert.ok(listed.has(id), `conmon of ${id} runs but ps -a does not list it`);

    await env.berthOk(['rm', '-f', '-a', '-t', '0']);
    for (const network of networks) await env.berth(['network', 'rm', '-f', network]);
    await env.berthOk(['volume', 'prune', '-f']);
    assert.equal(await env.berthOk(['ps', '-aq']), '');
    await waitFor(async () => (await conmonContainerIds(env)).length === 0, 'every conmon to exit');
    assert.deepEqual(await mountsUnder(env.dir), []);
    assert.deepEqual(await cgroupDirsOf(ids), []);
    assert.deepEqual(
      await readdir(join(env.root, 'containers')).catch(() => []),
      [],
      'no container directories',
    );
    assert.deepEqual(
      await readdir(join(env.runroot, 'c')).catch(() => []),
      [],
      'no run directories',
    );
    const veths = await runProcess(['ip', '-o', 'link', 'show', 'master', env.network.bridge]);
    assert.equal(veths.stdout.trim(), '', 'no veth on the default bridge');
    for (const network of networks) {
      const table = await runProcess(['nft', 'list', 'table', 'inet', `berth-${network}`]);
      assert.notEqual(table.status, 0, `no nft table of ${network}`);
    }
    assert.equal(existsSync(join(env.root, 'berth.db')), true);
  },
);
