// Golden files are podman 4.3.1's own `generate systemd` output (testdata/systemd), with
// /usr/bin/podman replaced by berth's path: the renderer must reproduce them byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  escapeSystemdArg,
  renderContainerUnit,
  replayCommand,
  type ContainerUnitInput,
} from './systemd-unit.ts';

const golden = (name: string) =>
  readFileSync(join(import.meta.dirname, 'testdata', 'systemd', name), 'utf8');

const id = 'cf82bca8a6d088080b51b4016adc0b04a4bd54caf882c78a92ef88de5438f8c5';
const global = ['--root', '/tmp/sdgold/root', '--runroot', '/tmp/sdgold/run'];
const base: ContainerUnitInput = {
  executable: '/usr/local/bin/berth',
  nameOrId: 'bsdgold',
  serviceName: 'container-bsdgold',
  runRoot: '/tmp/sdgold/run',
  conmonPidFile: `/tmp/sdgold/run/overlay-containers/${id}/userdata/conmon.pid`,
  recreate: false,
  template: false,
  createCommand: [
    'podman',
    ...global,
    'create',
    '--name',
    'bsdgold',
    '-p',
    '127.0.0.1:18081:80',
    '-e',
    'FOO=bar',
    'localhost/busybox',
    'httpd',
    '-f',
    '-p',
    '80',
  ],
  restartPolicy: 'on-failure',
  stopTimeoutSeconds: 10,
  wants: [],
  after: [],
  requires: [],
  env: [],
};
const header = (timestamp: string) => ({ generator: 'Podman 4.3.1', timestamp });

test('an existing container: Type=forking, start/stop by name, conmon pid file, header', () => {
  const text = renderContainerUnit({ ...base, header: header('Sun Dec  6 14:35:47 UTC 2026') });
  assert.equal(text, golden('plain.service'));
});

test('by ID, --no-header: the unit name line stays, --restart-sec writes nothing (4.3.1)', () => {
  const text = renderContainerUnit({ ...base, nameOrId: id, serviceName: `container-${id}` });
  assert.equal(text, golden('noname.service'));
});

test('--new: run replayed with cidfile, no-conmon, --rm, sdnotify, -d, --replace; Type=notify', () => {
  const text = renderContainerUnit({
    ...base,
    recreate: true,
    header: header('Sun Dec  6 14:35:48 UTC 2026'),
  });
  assert.equal(text, golden('new.service'));
});

test('--new with every option: prefix, separator, dependencies, env, timeouts, restart', () => {
  const text = renderContainerUnit({
    ...base,
    recreate: true,
    nameOrId: id,
    serviceName: `ctr_${id}`,
    restartPolicy: 'always',
    startTimeoutSeconds: 30,
    stopTimeoutSeconds: 5,
    wants: ['a.service', 'b.service'],
    after: ['c.target'],
    requires: ['d.service'],
    env: ['A=1', 'B=2'],
  });
  assert.equal(text, golden('opts.service'));
});

test('--template: NAME@.service, for %I, PODMAN_SYSTEMD_UNIT=%n-%i, --name NAME-%i', () => {
  const text = renderContainerUnit({ ...base, recreate: true, template: true });
  assert.equal(text, golden('tmpl.service'));
});

test('--new drops --rm/--cgroups/--cidfile, keeps the user sdnotify and --replace, escapes $ % quotes', () => {
  const text = renderContainerUnit({
    ...base,
    recreate: true,
    nameOrId: 'q1',
    serviceName: 'container-q1',
    createCommand: [
      'podman',
      ...global,
      'create',
      '--name',
      'q1',
      '--rm',
      '--sdnotify=container',
      '--cgroups=enabled',
      '--cidfile',
      '/tmp/sdgold/cid1',
      '--label',
      'a=b c',
      '--replace',
      '-e',
      'X=$Y 50%',
      'localhost/busybox',
      'sh',
      '-c',
      'echo "hi" $HOME',
    ],
  });
  assert.equal(text, golden('q1.service'));
});

test('--new of `run -d --restart always`: the -d kept in place, --restart dropped', () => {
  const argv = replayCommand({
    ...base,
    recreate: true,
    createCommand: [
      'berth',
      'run',
      '-d',
      '--name',
      'q3',
      '--restart',
      'always',
      'bb',
      'sleep',
      '1',
    ],
  });
  assert.deepEqual(argv, [
    '/usr/local/bin/berth',
    'run',
    '--cidfile=%t/%n.ctr-id',
    '--cgroups=no-conmon',
    '--rm',
    '--sdnotify=conmon',
    '--replace',
    '-d',
    '--name',
    'q3',
    'bb',
    'sleep',
    '1',
  ]);
});

test('--new of a command without run/create: podman error', () => {
  assert.throws(
    () => replayCommand({ ...base, createCommand: ['berth', 'start', 'x'] }),
    /container's create command is too short or invalid/,
  );
});

test('escapeSystemdArg: backslashes doubled unless quoted', () => {
  assert.equal(escapeSystemdArg('a\\b'), 'a\\\\b');
  assert.equal(escapeSystemdArg('a \\b'), '"a \\\\b"');
});
