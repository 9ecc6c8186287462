import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conmonExecArgv } from './conmon-args.ts';

const cid = 'c'.repeat(64);
const sid = '5'.repeat(64);
const dir = `/run/berth/c/${cid}/${sid}`;

test("exec argv: podman 4's conmon exec session (-e --exec-attach, no log, exit command with --exec)", () => {
  const argv = conmonExecArgv({
    conmonPath: '/usr/bin/conmon',
    runtimePath: '/usr/bin/crun',
    runtimeArgs: ['--root', '/run/berth/runtime'],
    containerId: cid,
    sessionId: sid,
    name: 'web',
    sessionDir: dir,
    pidFile: `${dir}/exec_pid`,
    exitDir: `${dir}/exit`,
    processSpecPath: `${dir}/exec-process-1a2b`,
    tty: true,
    stdin: true,
    exitCommand: ['/usr/bin/berth', 'container', 'cleanup', '--exec', sid, cid],
    logLevel: 'warn',
  });
  // prettier-ignore
  assert.deepEqual(argv, [
    '/usr/bin/conmon',
    '--api-version', '1',
    '-c', cid,
    '-u', sid,
    '-r', '/usr/bin/crun',
    '-b', dir,
    '-p', `${dir}/exec_pid`,
    '-n', 'web',
    '--exit-dir', `${dir}/exit`,
    '--full-attach',
    '-l', 'none',
    '--log-level', 'warning',
    '--runtime-arg', '--root', '--runtime-arg', '/run/berth/runtime',
    '-t', '-i',
    '-e', '--exec-attach', '--exec-process-spec', `${dir}/exec-process-1a2b`,
    '--exit-command', '/usr/bin/berth',
    '--exit-command-arg', 'container', '--exit-command-arg', 'cleanup',
    '--exit-command-arg', '--exec', '--exit-command-arg', sid, '--exit-command-arg', cid,
  ]);
});

test('exec argv: no -t/-i without a tty or stdin', () => {
  const argv = conmonExecArgv({
    conmonPath: 'conmon',
    runtimePath: 'runc',
    runtimeArgs: [],
    containerId: cid,
    sessionId: sid,
    name: 'n',
    sessionDir: dir,
    pidFile: 'p',
    exitDir: 'e',
    processSpecPath: 's',
    tty: false,
    stdin: false,
    exitCommand: [],
    logLevel: 'info',
  });
  assert.ok(!argv.includes('-t') && !argv.includes('-i') && !argv.includes('--exit-command'));
});
