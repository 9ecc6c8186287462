import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isBerthError } from '../lib/berth-error.ts';
import { compileSeccomp } from './compile-seccomp.ts';
import type { OciSeccomp } from './oci-types.ts';

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

function rulesFor(
  seccomp: OciSeccomp | undefined,
  name: string,
): { action: string; errnoRet?: number }[] {
  return (seccomp?.syscalls ?? [])
    .filter((s) => s.names.includes(name))
    .map((s) =>
      s.errnoRet === undefined ? { action: s.action } : { action: s.action, errnoRet: s.errnoRet },
    );
}

describe('compileSeccomp against /usr/share/containers/seccomp.json', () => {
  // The Debian containers-common profile on this machine (reference §7); the test needs it.
  const profile: unknown = JSON.parse(readFileSync('/usr/share/containers/seccomp.json', 'utf8'));

  it('keeps ENOSYS as the default errno and expands the amd64 architectures', () => {
    const seccomp = compileSeccomp(profile, 'amd64', defaultCaps);
    assert.equal(seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(seccomp?.defaultErrnoRet, 38);
    assert.deepEqual(seccomp?.architectures, [
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
    ]);
  });

  it('arm64 gets AARCH64 + ARM and its own arch-only rules', () => {
    const seccomp = compileSeccomp(profile, 'arm64', defaultCaps);
    assert.deepEqual(seccomp?.architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    assert.equal(rulesFor(seccomp, 'arch_prctl').length, 0);
    assert.deepEqual(rulesFor(seccomp, 'breakpoint'), [{ action: 'SCMP_ACT_ALLOW' }]);
  });

  it('produces the 22 rules podman wrote for the default capabilities (reference §7)', () => {
    const seccomp = compileSeccomp(profile, 'amd64', defaultCaps);
    assert.equal(seccomp?.syscalls?.length, 22);
    assert.deepEqual(rulesFor(seccomp, 'bdflush'), [{ action: 'SCMP_ACT_ERRNO', errnoRet: 1 }]);
    assert.deepEqual(rulesFor(seccomp, 'arch_prctl'), [{ action: 'SCMP_ACT_ALLOW' }]);
    assert.deepEqual(rulesFor(seccomp, 'chroot'), [{ action: 'SCMP_ACT_ALLOW' }]);
    assert.deepEqual(rulesFor(seccomp, 'personality').length, 5);
  });

  it('cap-gated rules follow CAP_SYS_ADMIN in the bounding set', () => {
    const without = compileSeccomp(profile, 'amd64', defaultCaps);
    assert.deepEqual(rulesFor(without, 'bpf'), [{ action: 'SCMP_ACT_ERRNO', errnoRet: 1 }]);
    const withAdmin = compileSeccomp(profile, 'amd64', [...defaultCaps, 'CAP_SYS_ADMIN']);
    assert.deepEqual(rulesFor(withAdmin, 'bpf'), [{ action: 'SCMP_ACT_ALLOW' }]);
    assert.equal(withAdmin?.syscalls?.length, 22);
  });

  it('the NETLINK_AUDIT socket rule appears only without CAP_AUDIT_WRITE', () => {
    const denied = rulesFor(compileSeccomp(profile, 'amd64', defaultCaps), 'socket');
    assert.deepEqual(denied[0], { action: 'SCMP_ACT_ERRNO', errnoRet: 22 });
    const allowed = rulesFor(
      compileSeccomp(profile, 'amd64', [...defaultCaps, 'CAP_AUDIT_WRITE']),
      'socket',
    );
    assert.deepEqual(allowed, [{ action: 'SCMP_ACT_ALLOW' }]);
  });

  it('leaves no includes/excludes/comment/errno keys and drops zero valueTwo', () => {
    const seccomp = compileSeccomp(profile, 'amd64', defaultCaps);
    for (const rule of seccomp?.syscalls ?? []) {
      assert.deepEqual(
        Object.keys(rule).filter((k) => !['names', 'action', 'errnoRet', 'args'].includes(k)),
        [],
      );
      for (const arg of rule.args ?? []) assert.ok(!('valueTwo' in arg));
    }
    assert.ok(!JSON.stringify(seccomp).includes('"includes"'));
    assert.deepEqual((seccomp?.syscalls ?? []).find((s) => s.names[0] === 'personality')?.args, [
      { index: 0, value: 0, op: 'SCMP_CMP_EQ' },
    ]);
  });
});

describe('compileSeccomp on a synthetic profile', () => {
  const profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrno: 'EPERM',
    architectures: ['SCMP_ARCH_X86_64'],
    flags: ['SECCOMP_FILTER_FLAG_LOG'],
    syscalls: [
      { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW', comment: 'basics' },
      {
        name: 'mount',
        action: 'SCMP_ACT_ALLOW',
        includes: { caps: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] },
      },
      {
        names: ['clone3'],
        action: 'SCMP_ACT_ERRNO',
        errno: 'ENOSYS',
        includes: { minKernel: '5.3' },
      },
      { names: ['ptrace'], action: 'SCMP_ACT_ALLOW', excludes: { arches: ['amd64'] } },
      {
        names: ['kill'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 1, value: 9, valueTwo: 3, op: 'SCMP_CMP_MASKED_EQ' }],
      },
    ],
  };

  it('compiles names, errno names, args, flags and filters', () => {
    assert.deepEqual(
      compileSeccomp(profile, 'amd64', ['CAP_SYS_ADMIN'], { kernelVersion: '6.1.0-9-amd64' }),
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrnoRet: 1,
        architectures: ['SCMP_ARCH_X86_64'],
        flags: ['SECCOMP_FILTER_FLAG_LOG'],
        syscalls: [
          { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
          { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
          {
            names: ['kill'],
            action: 'SCMP_ACT_ALLOW',
            args: [{ index: 1, value: 9, valueTwo: 3, op: 'SCMP_CMP_MASKED_EQ' }],
          },
        ],
      },
    );
  });

  it('needs every includes.cap, honours minKernel and excluded arches', () => {
    const both = compileSeccomp(profile, '386', ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'], {
      kernelVersion: '4.19.0',
    });
    assert.deepEqual(
      both?.syscalls?.map((s) => s.names[0]),
      ['read', 'mount', 'ptrace', 'kill'],
    );
  });

  it('an empty profile means seccomp disabled', () => {
    assert.equal(compileSeccomp({}, 'amd64', []), undefined);
  });

  it('rejects malformed profiles with INVALID_ARGUMENT', () => {
    const bad: unknown[] = [
      null,
      [],
      { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: 'read', action: 'SCMP_ACT_ALLOW' }] },
      { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'] }] },
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ name: 'a', names: ['b'], action: 'SCMP_ACT_ALLOW' }],
      },
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        architectures: ['SCMP_ARCH_X86'],
        archMap: [{ architecture: 'SCMP_ARCH_X86_64' }],
      },
      { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: -1 },
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ names: ['x'], action: 'SCMP_ACT_ERRNO', errno: 'EWHAT' }],
      },
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ names: ['x'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0 }] }],
      },
    ];
    for (const profile of bad) {
      assert.throws(
        () => compileSeccomp(profile, 'amd64', []),
        (e: unknown) => isBerthError(e) && e.code === 'INVALID_ARGUMENT',
        JSON.stringify(profile),
      );
    }
  });
});
