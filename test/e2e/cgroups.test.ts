// The container's cgroups, whichever runtime berth chose (runc, or crun with berth placing the
// container in the v1 controllers itself): limits in force, host block devices denied, the
// freezer for pause, exec'd processes in the same cgroups, and nothing left after rm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';

/** controller -> path from a /proc/PID/cgroup text (v1 lines only). */
function cgroupPaths(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (!controllers || path === undefined) continue;
    for (const controller of controllers.split(',')) paths.set(controller, path);
  }
  return paths;
}

/** The host PID of a process running argv in the pid namespace of containerPid, if there is one. */
function execedProcess(containerPid: number, argv: readonly string[]): number | undefined {
  const ns = readlinkSync(`/proc/${containerPid}/ns/pid`);
  const wanted = `${argv.join('\0')}\0`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === containerPid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8') !== wanted) continue;
      if (readlinkSync(`/proc/${entry}/ns/pid`) === ns) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** The first whole disk the host has, as "major minor" (from /proc/partitions). */
function hostDisk(): string | undefined {
  const lines = readFileSync('/proc/partitions', 'utf8').split('\n').slice(2);
  const disk = lines
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields.length === 4 && !/\d$/.test(fields[3] ?? ''));
  return disk ? `${disk[0]} ${disk[1]}` : undefined;
}

test('limits apply, host disks stay out of reach, pause freezes, exec joins, rm removes the cgroups', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const limits = await env.berthOk([
    'run',
    '--rm',
    '--memory',
    '64m',
    '--pids-limit',
    '50',
    'busybox',
    'sh',
    '-c',
    'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max',
  ]);
  assert.equal(limits, '67108864\n50\n');

  const disk = hostDisk();
  if (disk !== undefined) {
    const [major, minor] = disk.split(' ');
    // With CAP_MKNOD the node can be made; the devices cgroup must still refuse to open it.
    const denied = await env.berth([
      'run',
      '--rm',
      '--cap-add',
      'MKNOD',
      'busybox',
      'sh',
      '-c',
      `mknod /tmp/disk b ${major} ${minor} && echo made && head -c 512 /tmp/disk | wc -c`,
    ]);
    assert.match(denied.stdout, /^made\n/, `mknod works with CAP_MKNOD: ${denied.stderr}`);
    assert.match(
      denied.stderr,
      /Operation not permitted/,
      `reading the host disk ${disk} is denied: ${denied.stdout}${denied.stderr}`,
    );
  }

  await env.berthOk(['run', '-d', '--name', 'svc', 'busybox', 'sleep', '300']);
  const pid = Number((await env.berthOk(['inspect', '--format', '{{.State.Pid}}', 'svc'])).trim());
  const paths = cgroupPaths(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
  const memoryPath = paths.get('memory');
  assert.match(memoryPath ?? '', /berth/, `the container has its own memory cgroup: ${memoryPath}`);
  // The host's view of an exec'd process: in the container's own cgroup for every controller.
  await env.berthOk(['exec', '-d', 'svc', 'sleep', '4321']);
  let execPid: number | undefined;
  await waitFor(
    async () => (execPid = execedProcess(pid, ['sleep', '4321'])) !== undefined,
    'the exec process on the host',
  );
  const execPaths = cgroupPaths(readFileSync(`/proc/${execPid}/cgroup`, 'utf8'));
  for (const controller of ['memory', 'pids', 'freezer', 'cpu', 'blkio', 'devices']) {
    const own = paths.get(controller);
    assert.match(own ?? '', /berth/, `the container has its own ${controller} cgroup: ${own}`);
    assert.equal(
      execPaths.get(controller),
      own,
      `the exec'd process is in the container's ${controller} cgroup`,
    );
  }
  for (const [controller, own] of paths)
    assert.equal(execPaths.get(controller), own, `exec's ${controller} cgroup`);
  const freezer = `/sys/fs/cgroup/freezer${paths.get('freezer') ?? ''}/freezer.state`;
  await env.berthOk(['pause', 'svc']);
  assert.equal(readFileSync(freezer, 'utf8').trim(), 'FROZEN');
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'svc'])).trim(),
    'paused',
  );
  await env.berthOk(['unpause', 'svc']);
  assert.equal(readFileSync(freezer, 'utf8').trim(), 'THAWED');
  const top = await env.berthOk(['top', 'svc']);
  assert.match(top, /sleep 300/);

  // A process started by exec counts in the container's pids cgroup while it runs.
  const procs = `/sys/fs/cgroup/pids${paths.get('pids') ?? ''}/cgroup.procs`;
  await env.berthOk(['exec', '-d', 'svc', 'sleep', '30']);
  await waitFor(
    async () => readFileSync(procs, 'utf8').trim().split('\n').length >= 2,
    'the exec process in the container pids cgroup',
  );

  await env.berthOk(['rm', '-f', '-t', '0', 'svc']);
  await waitFor(
    async () => !existsSync(`/sys/fs/cgroup/memory${memoryPath}`),
    'the memory cgroup to be removed',
  );
  assert.equal(existsSync(`/sys/fs/cgroup/pids${paths.get('pids')}`), false);
});
