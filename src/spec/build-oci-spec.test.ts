import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildOciSpec } from './build-oci-spec.ts';
import { knownCapabilities } from './resolve-capabilities.ts';
import type { OciSpec } from './oci-types.ts';
import type { SpecInput } from './spec-input.ts';

// Golden files: src/spec/testdata/<name>.json. Regenerate with UPDATE_GOLDEN=1 and review the diff.
const testdata = new URL('./testdata/', import.meta.url);

async function assertGolden(name: string, spec: OciSpec): Promise<void> {
  const file = new URL(`${name}.json`, testdata);
  const actual = `${JSON.stringify(spec, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    // Written as prettier formats JSON, so `npm run format:check` stays clean.
    const prettier = await import('prettier');
    const options = await prettier.resolveConfig(file.pathname);
    writeFileSync(file, await prettier.format(actual, { ...options, filepath: file.pathname }));
    return;
  }
  assert.ok(existsSync(file), `missing golden file ${file.pathname}: run with UPDATE_GOLDEN=1`);
  // Re-serialise the file so whitespace (e.g. prettier's) does not matter but key order does.
  const expected = `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`;
  assert.equal(actual, expected, `config.json differs from ${name}.json`);
}

const id = '3f7c2a9e4b1d8c6f0a5e2d7b9c4f1a8e6d3b0c7f2a9e5d1b8c4f7a0e3d6b9c2f';
const rundir = `/run/containers/storage/overlay-containers/${id}/userdata`;
const staticdir = `/var/lib/containers/storage/overlay-containers/${id}/userdata`;
const defaultCaps = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];
/** This host's bounding set: everything but CAP_SYS_RESOURCE (CapBnd 000001fffeffffff). */
const hostBounding = knownCapabilities.filter((c) => c !== 'CAP_SYS_RESOURCE');

// A small moby-style profile so the golden files stay readable and independent of the host file.
const syntheticProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 38,
  archMap: [
    { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
  ],
  syscalls: [
    {
      names: ['read', 'write', 'exit_group'],
      action: 'SCMP_ACT_ALLOW',
      comment: 'basics',
      includes: {},
      excludes: {},
    },
    { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64', 'x32'] } },
    { names: ['bpf'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    {
      names: ['bpf'],
      action: 'SCMP_ACT_ERRNO',
      errnoRet: 1,
      excludes: { caps: ['CAP_SYS_ADMIN'] },
    },
  ],
};

function baseInput(): SpecInput {
  return {
    containerId: id,
    hostname: id.slice(0, 12),
    rootfsPath: '/var/lib/containers/storage/overlay/8e1f0a3c/merged',
    image: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['sh'],
    },
    command: ['sleep', '100'],
    userEnv: [],
    hostEnv: { HOME: '/root' },
    httpProxy: true,
    defaultEnv: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
    user: { uid: 0, gid: 0, additionalGids: [0] },
    umask: 0o022,
    tty: false,
    capabilities: defaultCaps,
    capAdd: [],
    capDrop: [],
    boundingSet: hostBounding,
    privileged: false,
    readOnly: false,
    rlimits: [
      { type: 'nofile', soft: 1024, hard: 1024 },
      { type: 'RLIMIT_NPROC', soft: 1024, hard: 1024 },
    ],
    pidsLimit: 2048,
    sysctls: { 'net.ipv4.ping_group_range': '0 0' },
    files: {
      hosts: `${rundir}/hosts`,
      resolvConf: `${rundir}/resolv.conf`,
      hostname: `${rundir}/hostname`,
      containerEnv: `${rundir}/.containerenv`,
      shm: `${staticdir}/shm`,
    },
    network: { mode: 'path', path: '/run/netns/netns-6c1b2f4e-0d9a-4b7e-8f3c-2a5d7e9b1c04' },
    seccomp: { profile: syntheticProfile, arch: 'amd64' },
    cgroupsPath: `/berth_parent/berth-${id}`,
    annotations: {},
    noNewPrivileges: false,
    createdAt: '2024-05-01T12:00:00.123456789Z',
  };
}

function privilegedInput(): SpecInput {
  return {
    ...baseInput(),
    privileged: true,
    tty: true,
    command: [],
    network: { mode: 'none' },
    autoRemove: true,
    // The caller lists host device nodes for --privileged; two stand in for the ~100 real ones.
    devices: [
      { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 },
      { path: '/dev/loop0', type: 'b', major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 },
    ],
  };
}

function nonRootInput(): SpecInput {
  return {
    ...baseInput(),
    image: {
      Env: ['PATH=/opt/bin:/usr/bin:/bin', 'FOO=from-image', 'BAR=image-bar'],
      Entrypoint: ['/bin/echo', 'ep'],
      Cmd: ['cmd1', 'cmd2'],
      WorkingDir: '/srv',
      User: '1000:1000',
      StopSignal: 'SIGQUIT',
      Labels: { 'org.example.label': 'not-an-annotation' },
    },
    command: [],
    user: { uid: 1000, gid: 1000, additionalGids: [1000] },
    userEnv: ['FOO=cli', 'NEW=1'],
    envFiles: ['FILEVAR=f\nBAR\n'],
    hostEnv: { BAR: 'hostbar', https_proxy: 'http://proxy.example:3128' },
    capAdd: ['NET_RAW'],
    capDrop: ['CHOWN'],
    readOnly: true,
    pidsLimit: 0,
    noNewPrivileges: true,
    network: { mode: 'host' },
    seccomp: 'unconfined',
    annotations: { 'org.example.note': 'hello' },
    extraMounts: [
      {
        destination: '/data',
        type: 'bind',
        source: '/var/lib/containers/storage/volumes/data/_data',
        options: ['rbind', 'rprivate'],
      },
      {
        destination: '/etc/hosts',
        type: 'bind',
        source: '/srv/custom-hosts',
        options: ['rbind', 'ro'],
      },
    ],
    sysctls: { 'net.ipv4.ping_group_range': '0 0', 'kernel.msgmax': '65536' },
  };
}

describe('buildOciSpec golden files', () => {
  it('default: rootful busybox-like container on a prepared netns', async () => {
    await assertGolden('default', buildOciSpec(baseInput()));
  });
  it('privileged: all bounding caps, no seccomp/masks, rw /sys, allow-all devices', async () => {
    await assertGolden('privileged', buildOciSpec(privilegedInput()));
  });
  it('non-root: image entrypoint/user/workdir, cap-add, read-only, host network', async () => {
    await assertGolden('nonroot-readonly', buildOciSpec(nonRootInput()));
  });
});

describe('buildOciSpec behaviour', () => {
  it('mounts exactly as reference §3, in order', () => {
    const spec = buildOciSpec(baseInput());
    assert.deepEqual(
      spec.mounts.map((m) => [m.destination, m.type, m.source]),
      [
        ['/proc', 'proc', 'proc'],
        ['/dev', 'tmpfs', 'tmpfs'],
        ['/sys', 'sysfs', 'sysfs'],
        ['/dev/pts', 'devpts', 'devpts'],
        ['/dev/mqueue', 'mqueue', 'mqueue'],
        ['/etc/resolv.conf', 'bind', `${rundir}/resolv.conf`],
        ['/etc/hosts', 'bind', `${rundir}/hosts`],
        ['/dev/shm', 'bind', `${staticdir}/shm`],
        ['/run/.containerenv', 'bind', `${rundir}/.containerenv`],
        ['/etc/hostname', 'bind', `${rundir}/hostname`],
        ['/sys/fs/cgroup', 'cgroup', 'cgroup'],
      ],
    );
    assert.deepEqual(spec.mounts[7]?.options, ['bind', 'rprivate', 'nosuid', 'noexec', 'nodev']);
    assert.deepEqual(spec.mounts[2]?.options, ['nosuid', 'noexec', 'nodev', 'ro']);
    assert.equal(spec.mounts[10]?.options?.at(-1), 'ro');
  });

  it('root process: default caps, env, user, rlimits; namespaces and resources', () => {
    const spec = buildOciSpec(baseInput());
    assert.equal(spec.ociVersion, '1.0.2-dev');
    assert.deepEqual(spec.process.user, { uid: 0, gid: 0, umask: 18, additionalGids: [0] });
    assert.deepEqual(spec.process.args, ['sleep', '100']);
    assert.equal(spec.process.cwd, '/');
    assert.equal(spec.process.terminal, undefined);
    assert.deepEqual(spec.process.capabilities, {
      bounding: defaultCaps,
      effective: defaultCaps,
      permitted: defaultCaps,
    });
    assert.deepEqual(spec.process.rlimits, [
      { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 },
      { type: 'RLIMIT_NPROC', hard: 1024, soft: 1024 },
    ]);
    assert.ok(spec.process.env.includes('container=podman'));
    assert.ok(spec.process.env.includes(`HOSTNAME=${id.slice(0, 12)}`));
    assert.deepEqual(
      spec.linux.namespaces.map((n) => n.type),
      ['pid', 'network', 'ipc', 'uts', 'mount'],
    );
    assert.match(spec.linux.namespaces[1]?.path ?? '', /^\/run\/netns\//);
    assert.deepEqual(spec.linux.resources, {
      devices: [{ allow: false, access: 'rwm' }],
      pids: { limit: 2048 },
    });
    assert.equal(spec.linux.maskedPaths?.length, 11);
    assert.equal(spec.linux.readonlyPaths?.length, 6);
    assert.equal(spec.annotations?.['org.opencontainers.image.stopSignal'], '15');
    assert.equal(spec.annotations?.['io.container.manager'], 'berth');
  });

  it('privileged: 40 host caps, no seccomp, no masked paths, rw sysfs and cgroup', () => {
    const spec = buildOciSpec(privilegedInput());
    assert.equal(spec.process.capabilities?.bounding?.length, 40);
    assert.equal(spec.process.capabilities?.effective?.length, 40);
    assert.equal(spec.linux.seccomp, undefined);
    assert.equal(spec.linux.maskedPaths, undefined);
    assert.equal(spec.linux.readonlyPaths, undefined);
    assert.deepEqual(spec.linux.resources?.devices, [{ allow: true, access: 'rwm' }]);
    assert.equal(spec.linux.devices?.length, 2);
    assert.ok(spec.mounts.find((m) => m.destination === '/sys')?.options?.includes('rw'));
    assert.ok(spec.mounts.find((m) => m.destination === '/sys/fs/cgroup')?.options?.includes('rw'));
    assert.deepEqual(spec.linux.namespaces[1], { type: 'network' });
    assert.equal(spec.process.terminal, true);
    assert.equal(spec.annotations?.['io.podman.annotations.privileged'], 'TRUE');
    assert.equal(spec.annotations?.['io.kubernetes.cri-o.TTY'], 'true');
  });

  it('non-root with --cap-add, --read-only, host network', () => {
    const spec = buildOciSpec(nonRootInput());
    assert.deepEqual(spec.process.args, ['/bin/echo', 'ep', 'cmd1', 'cmd2']);
    assert.equal(spec.process.cwd, '/srv');
    assert.deepEqual(spec.process.capabilities?.ambient, ['CAP_NET_RAW']);
    assert.ok(!spec.process.capabilities?.bounding?.includes('CAP_CHOWN'));
    assert.equal(spec.root.readonly, true);
    assert.ok(!spec.linux.namespaces.some((n) => n.type === 'network'));
    assert.equal(spec.linux.resources?.pids, undefined);
    assert.equal(spec.process.noNewPrivileges, true);
    assert.equal(spec.annotations?.['org.opencontainers.image.stopSignal'], '3');
    assert.equal(spec.annotations?.['org.example.label'], undefined);
    assert.equal(spec.mounts.filter((m) => m.destination === '/etc/hosts').length, 1);
    assert.equal(
      spec.mounts.find((m) => m.destination === '/etc/hosts')?.source,
      '/srv/custom-hosts',
    );
    assert.ok(spec.mounts.some((m) => m.destination === '/tmp' && m.type === 'tmpfs'));
  });

  it('with the real /usr/share/containers/seccomp.json: 22 rules, as podman wrote', () => {
    const profile: unknown = JSON.parse(readFileSync('/usr/share/containers/seccomp.json', 'utf8'));
    const spec = buildOciSpec({ ...baseInput(), seccomp: { profile, arch: 'amd64' } });
    assert.equal(spec.linux.seccomp?.syscalls?.length, 22);
    assert.deepEqual(spec.linux.seccomp?.architectures, [
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
    ]);
  });

  it('rejects bad ids, relative workdirs, bad rlimits and signals', () => {
    const cases: Partial<SpecInput>[] = [
      { containerId: 'abc' },
      { workdir: 'relative' },
      { rlimits: [{ type: 'nofile', soft: 2048, hard: 1024 }] },
      { rlimits: [{ type: 'nofile', soft: -1, hard: 1024 }] },
      { stopSignal: 'SIGNOPE' },
    ];
    for (const overrides of cases) {
      assert.throws(
        () => buildOciSpec({ ...baseInput(), ...overrides }),
        { code: 'INVALID_ARGUMENT' },
        JSON.stringify(overrides),
      );
    }
  });
});
