// A moby-style seccomp profile compiled for one container into OCI linux.seccomp, as
// containers/common pkg/seccomp setupSeccomp does: rules filtered by host arch, the container's
// bounding capabilities and kernel version; architectures expanded from archMap.

import { BerthError } from '../lib/berth-error.ts';
import type { OciSeccomp, OciSyscall } from './oci-types.ts';
import { parseSeccompProfile, type SeccompFilter, type SeccompRule } from './seccomp-profile.ts';

/** Go GOARCH → libseccomp's native arch name (what `includes.arches` lists). */
const goArchToSeccompName: Readonly<Record<string, string>> = {
  '386': 'x86',
  amd64: 'amd64',
  arm: 'arm',
  arm64: 'arm64',
  mips: 'mips',
  mipsle: 'mipsel',
  mips64: 'mips64',
  mips64le: 'mipsel64',
  ppc64: 'ppc64',
  ppc64le: 'ppc64le',
  riscv64: 'riscv64',
  s390x: 's390x',
};

/** libseccomp arch name → the SCMP_ARCH_* entry of archMap whose sub-architectures it brings. */
const nativeToScmp: Readonly<Record<string, string>> = {
  amd64: 'SCMP_ARCH_X86_64',
  arm64: 'SCMP_ARCH_AARCH64',
  mips64: 'SCMP_ARCH_MIPS64',
  mips64n32: 'SCMP_ARCH_MIPS64N32',
  mipsel64: 'SCMP_ARCH_MIPSEL64',
  mipsel64n32: 'SCMP_ARCH_MIPSEL64N32',
  s390x: 'SCMP_ARCH_S390X',
  ppc64le: 'SCMP_ARCH_PPC64LE',
  riscv64: 'SCMP_ARCH_RISCV64',
};

/** Linux errno names a profile may use in `errno` / `defaultErrno`. */
const errnoNumbers: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  ERANGE: 34,
  ENOSYS: 38,
  EPROTONOSUPPORT: 93,
  EOPNOTSUPP: 95,
  ENOTSUP: 95,
  EAFNOSUPPORT: 97,
};

function errnoNumber(name: string): number {
  const value = errnoNumbers[name.toUpperCase()];
  if (value === undefined) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `decoding seccomp profile failed: unknown errno ${JSON.stringify(name)}`,
    );
  }
  return value;
}

export interface SeccompCompileOptions {
  /** Host kernel release (`uname -r`) for `includes.minKernel`; unknown → such rules are kept. */
  kernelVersion?: string;
}

/** "5.10.0-21-amd64" → [5, 10]; undefined when unparsable. */
function kernelPair(version: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

function kernelAtLeast(minKernel: string, kernelVersion: string | undefined): boolean {
  const want = kernelPair(minKernel);
  const have = kernelVersion === undefined ? undefined : kernelPair(kernelVersion);
  if (want === undefined || have === undefined) return true;
  return have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);
}

function ruleApplies(
  rule: SeccompRule,
  arch: string,
  caps: ReadonlySet<string>,
  options: SeccompCompileOptions,
): boolean {
  const { includes, excludes }: { includes: SeccompFilter; excludes: SeccompFilter } = rule;
  if (excludes.arches.includes(arch)) return false;
  if (excludes.caps.some((cap) => caps.has(cap))) return false;
  if (includes.arches.length > 0 && !includes.arches.includes(arch)) return false;
  if (!includes.caps.every((cap) => caps.has(cap))) return false;
  if (includes.minKernel !== undefined && !kernelAtLeast(includes.minKernel, options.kernelVersion))
    return false;
  return true;
}

function toOciSyscall(rule: SeccompRule): OciSyscall {
  const syscall: OciSyscall = { names: rule.names, action: rule.action };
  const errnoRet =
    rule.errnoRet ?? (rule.errno === undefined ? undefined : errnoNumber(rule.errno));
  if (errnoRet !== undefined) syscall.errnoRet = errnoRet;
  if (rule.args.length > 0) {
    syscall.args = rule.args.map((a) =>
      a.valueTwo === 0 ? { index: a.index, value: a.value, op: a.op } : { ...a },
    );
  }
  return syscall;
}

/**
 * `profile` is the parsed seccomp.json (validated here), `goArch` the host's Go arch (amd64,
 * arm64, …), `capabilities` the container's bounding set. Returns undefined for a profile with no
 * defaultAction and no syscalls (podman treats that as seccomp disabled). The result has no
 * includes/excludes/comment keys.
 */
export function compileSeccomp(
  profile: unknown,
  goArch: string,
  capabilities: readonly string[],
  options: SeccompCompileOptions = {},
): OciSeccomp | undefined {
  const parsed = parseSeccompProfile(profile);
  if (parsed.defaultAction === '' && parsed.syscalls.length === 0) return undefined;
  const arch = goArchToSeccompName[goArch] ?? goArch;
  const result: OciSeccomp = { defaultAction: parsed.defaultAction };
  const defaultErrnoRet =
    parsed.defaultErrnoRet ??
    (parsed.defaultErrno === undefined ? undefined : errnoNumber(parsed.defaultErrno));
  if (defaultErrnoRet !== undefined) result.defaultErrnoRet = defaultErrnoRet;

  const architectures = [...parsed.architectures];
  const native = nativeToScmp[arch];
  const mapped = parsed.archMap.find(
    (entry) => native !== undefined && entry.architecture === native,
  );
  if (mapped !== undefined) architectures.push(mapped.architecture, ...mapped.subArchitectures);
  if (architectures.length > 0) result.architectures = architectures;
  if (parsed.flags.length > 0) result.flags = parsed.flags;
  if (parsed.listenerPath !== undefined) result.listenerPath = parsed.listenerPath;
  if (parsed.listenerMetadata !== undefined) result.listenerMetadata = parsed.listenerMetadata;

  const caps = new Set(capabilities);
  const syscalls = parsed.syscalls
    .filter((rule) => rule.names.length > 0 && ruleApplies(rule, arch, caps, options))
    .map(toOciSyscall);
  if (syscalls.length > 0) result.syscalls = syscalls;
  return result;
}
