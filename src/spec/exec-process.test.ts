import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execProcess, type ExecProcessRequest } from './exec-process.ts';
import type { OciProcess } from './oci-types.ts';

const defaults = ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];
const host = ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN'];

const container: OciProcess = {
  terminal: false,
  user: { uid: 0, gid: 0, umask: 0o22 },
  args: ['sleep', '300'],
  env: ['PATH=/bin', 'HOME=/root', 'A=container'],
  cwd: '/',
  capabilities: { bounding: defaults, effective: defaults, inheritable: [], permitted: defaults },
  noNewPrivileges: false,
};

const plain: ExecProcessRequest = {
  command: ['id'],
  tty: false,
  env: [],
  hostEnv: {},
  asContainerUser: true,
};

test('argv, terminal, cwd and env: -e replaces or takes the host value, the rest of the process stays', () => {
  const process = execProcess(container, {
    ...plain,
    tty: true,
    workdir: '/tmp',
    env: ['A=exec', 'B', 'UNSET'],
    hostEnv: { B: 'host' },
  });
  assert.deepEqual(process.args, ['id']);
  assert.equal(process.terminal, true);
  assert.equal(process.cwd, '/tmp');
  assert.deepEqual(process.env, ['PATH=/bin', 'HOME=/root', 'A=exec', 'B=host']);
  assert.equal(process.noNewPrivileges, false);
  assert.deepEqual(process.user, container.user);
});

test('root without --privileged: the container bounding set, effective and permitted; inheritable cleared', () => {
  const caps = execProcess(container, plain).capabilities;
  assert.deepEqual(caps, {
    bounding: defaults,
    effective: defaults,
    permitted: defaults,
    inheritable: [],
  });
});

test('--privileged: the host bounding set, all of it effective for root', () => {
  const caps = execProcess(container, { ...plain, privilegedCapabilities: host }).capabilities;
  assert.deepEqual(caps, { bounding: host, effective: host, permitted: host, inheritable: [] });
});

test('-u another user: its ids, supplementary groups without the primary, HOME kept, no effective caps added', () => {
  const nonRoot = {
    ...container,
    capabilities: { ...container.capabilities, effective: [], permitted: [] },
  };
  const process = execProcess(nonRoot, {
    ...plain,
    asContainerUser: false,
    user: { uid: 65534, gid: 65534, additionalGids: [65534, 100], home: '/home/nobody' },
  });
  assert.deepEqual(process.user, { uid: 65534, gid: 65534, umask: 0o22, additionalGids: [100] });
  assert.ok(
    process.env.includes('HOME=/root'),
    'the container HOME stays, as podman keeps a set HOME',
  );
  assert.deepEqual(process.capabilities?.effective, []);
  assert.deepEqual(process.capabilities?.inheritable, []);
});

test("the container's own non-root user gets its effective set in every set but bounding", () => {
  const own = {
    ...container,
    user: { uid: 1000, gid: 1000 },
    capabilities: { bounding: defaults, effective: ['CAP_KILL'] },
  };
  const caps = execProcess(own, plain).capabilities;
  assert.deepEqual(caps, {
    bounding: defaults,
    effective: ['CAP_KILL'],
    inheritable: ['CAP_KILL'],
    permitted: ['CAP_KILL'],
    ambient: ['CAP_KILL'],
  });
});
