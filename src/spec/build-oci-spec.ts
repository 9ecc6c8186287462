// SpecInput → the OCI runtime config.json podman 4.3 would write for the same container
// (reference: shared/reference/oci-spec-defaults.md). Pure: no file reads, no probes, no spawning.

import { BerthError } from '../lib/berth-error.ts';
import { compileSeccomp } from './compile-seccomp.ts';
import { containerAnnotations, sortedRecord } from './container-annotations.ts';
import {
  baseMounts,
  containerMounts,
  defaultMaskedPaths,
  defaultReadonlyPaths,
  readOnlyTmpfsMounts,
} from './default-mounts.ts';
import { mergeEnv } from './merge-env.ts';
import {
  ociVersion,
  type OciCapabilities,
  type OciDeviceRule,
  type OciLinux,
  type OciMount,
  type OciNamespace,
  type OciProcess,
  type OciResources,
  type OciRlimit,
  type OciSpec,
} from './oci-types.ts';
import { resolveCapabilities } from './resolve-capabilities.ts';
import { resolveCommand } from './resolve-command.ts';
import type { RlimitSetting, SpecInput } from './spec-input.ts';

function invalid(message: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', message);
}

/** `nofile` → RLIMIT_NOFILE; values must already be clamped, non-negative integers. */
function toOciRlimit(limit: RlimitSetting): OciRlimit {
  const upper = limit.type.toUpperCase();
  const type = upper.startsWith('RLIMIT_') ? upper : `RLIMIT_${upper}`;
  for (const value of [limit.soft, limit.hard]) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw invalid(`invalid ulimit ${type}: ${value}`);
  }
  if (limit.soft > limit.hard) {
    throw invalid(
      `ulimit error: ${type} soft limit ${limit.soft} exceeds hard limit ${limit.hard}`,
    );
  }
  return { type, hard: limit.hard, soft: limit.soft };
}

function workingDirectory(input: SpecInput): string {
  const cwd = input.workdir ?? (input.image.WorkingDir || '/');
  if (!cwd.startsWith('/'))
    throw invalid(`workdir ${JSON.stringify(cwd)} must be an absolute path`);
  return cwd;
}

/** Where podman mounts its init (catatonit) for --init. */
export const INIT_DESTINATION = '/run/podman-init';

function initMount(source: string): OciMount {
  return {
    destination: INIT_DESTINATION,
    type: 'bind',
    source,
    options: ['bind', 'private', 'ro'],
  };
}

function buildProcess(input: SpecInput, capabilities: OciCapabilities): OciProcess {
  const base: OciProcess = {
    user: {
      uid: input.user.uid,
      gid: input.user.gid,
      umask: input.umask,
      ...(input.user.additionalGids.length > 0
        ? { additionalGids: [...input.user.additionalGids] }
        : {}),
    },
    args: [
      ...(input.initPath === undefined ? [] : [INIT_DESTINATION, '--']),
      ...resolveCommand(input.image, input.command, input.entrypoint),
    ],
    env: mergeEnv({
      imageEnv: input.image.Env ?? [],
      defaultEnv: input.defaultEnv,
      userEnv: input.userEnv,
      hostEnv: input.hostEnv,
      httpProxy: input.httpProxy,
      tty: input.tty,
      hostname: input.hostname,
      ...(input.user.home === undefined ? {} : { home: input.user.home }),
      ...(input.envFiles === undefined ? {} : { envFiles: input.envFiles }),
      ...(input.envHost === undefined ? {} : { envHost: input.envHost }),
      ...(input.envMerge === undefined ? {} : { envMerge: input.envMerge }),
      ...(input.unsetEnv === undefined ? {} : { unsetEnv: input.unsetEnv }),
      ...(input.unsetEnvAll === undefined ? {} : { unsetEnvAll: input.unsetEnvAll }),
    }),
    cwd: workingDirectory(input),
    capabilities,
  };
  if (input.tty) return { terminal: true, ...base, ...rlimitsAndNnp(input) };
  return { ...base, ...rlimitsAndNnp(input) };
}

function rlimitsAndNnp(input: SpecInput): Pick<OciProcess, 'rlimits' | 'noNewPrivileges'> {
  const extra: Pick<OciProcess, 'rlimits' | 'noNewPrivileges'> = {};
  if (input.rlimits.length > 0) extra.rlimits = input.rlimits.map(toOciRlimit);
  if (input.noNewPrivileges) extra.noNewPrivileges = true;
  return extra;
}

/** pid, network (none: new; path: join; host: shared, so no entry), ipc, uts, mount. */
function namespaces(input: SpecInput): OciNamespace[] {
  const list: OciNamespace[] = [{ type: 'pid' }];
  if (input.network.mode === 'path') list.push({ type: 'network', path: input.network.path });
  else if (input.network.mode === 'none') list.push({ type: 'network' });
  list.push({ type: 'ipc' }, { type: 'uts' }, { type: 'mount' });
  return list;
}

/**
 * Deny all devices, then allow what the spec lists; --privileged allows everything. The runtime
 * itself adds and allows /dev/null, zero, full, random, urandom, tty, console and ptmx.
 */
function deviceRules(input: SpecInput): OciDeviceRule[] {
  if (input.privileged) return [{ allow: true, access: 'rwm' }];
  const rules: OciDeviceRule[] = [{ allow: false, access: 'rwm' }];
  for (const device of input.devices ?? []) {
    rules.push({
      allow: true,
      type: device.type,
      major: device.major,
      minor: device.minor,
      access: 'rwm',
    });
  }
  return rules;
}

function buildLinux(input: SpecInput, bounding: readonly string[]): OciLinux {
  const resources: OciResources = { devices: deviceRules(input) };
  if (input.pidsLimit > 0) resources.pids = { limit: input.pidsLimit };
  // Keys in runtime-spec order: sysctl, resources, cgroupsPath, namespaces, devices, seccomp, paths.
  const linux: OciLinux = {
    ...(Object.keys(input.sysctls).length > 0 ? { sysctl: sortedRecord(input.sysctls) } : {}),
    resources,
    cgroupsPath: input.cgroupsPath,
    namespaces: namespaces(input),
  };
  // --privileged: the caller lists every host device node in input.devices (this module never
  // scans /dev); unprivileged: only --device entries.
  if (input.devices !== undefined && input.devices.length > 0)
    linux.devices = input.devices.map((d) => ({ ...d }));
  if (!input.privileged && input.seccomp !== 'unconfined') {
    const seccomp = compileSeccomp(input.seccomp.profile, input.seccomp.arch, bounding);
    if (seccomp !== undefined) linux.seccomp = seccomp;
  }
  if (!input.privileged) {
    const masked = input.maskedPaths ?? defaultMaskedPaths;
    const readonly = input.readonlyPaths ?? defaultReadonlyPaths;
    if (masked.length > 0) linux.maskedPaths = [...masked];
    if (readonly.length > 0) linux.readonlyPaths = [...readonly];
  }
  return linux;
}

/**
 * The whole config.json for one container. Throws BerthError INVALID_ARGUMENT for bad
 * --entrypoint JSON, env entries, capabilities, signals, rlimits, workdir or seccomp profile.
 */
export function buildOciSpec(input: SpecInput): OciSpec {
  if (!/^[0-9a-f]{64}$/.test(input.containerId)) {
    throw invalid(`invalid container id ${JSON.stringify(input.containerId)}: want 64 hex digits`);
  }
  const capabilities = resolveCapabilities({
    defaults: input.capabilities,
    capAdd: input.capAdd,
    capDrop: input.capDrop,
    privileged: input.privileged,
    uid: input.user.uid,
    ...(input.boundingSet === undefined ? {} : { boundingSet: input.boundingSet }),
  });
  const root = input.readOnly
    ? { path: input.rootfsPath, readonly: true }
    : { path: input.rootfsPath };
  const readOnlyTmpfs =
    input.readOnly && (input.readOnlyTmpfs ?? true) ? readOnlyTmpfsMounts() : [];
  return {
    ociVersion,
    process: buildProcess(input, capabilities),
    root,
    hostname: input.hostname,
    mounts: containerMounts(baseMounts(input.files, input.privileged), readOnlyTmpfs, [
      ...(input.extraMounts ?? []),
      ...(input.initPath === undefined ? [] : [initMount(input.initPath)]),
    ]),
    annotations: containerAnnotations({
      createdAt: input.createdAt,
      tty: input.tty,
      autoRemove: input.autoRemove ?? false,
      privileged: input.privileged,
      publishAll: input.publishAll ?? false,
      stopSignal: input.stopSignal ?? (input.image.StopSignal || undefined),
      extra: input.annotations,
    }),
    linux: buildLinux(input, capabilities.bounding ?? []),
  };
}
