// Decides which OCI runtime berth uses, from the installed candidates and the cgroup layout.
// Pure: no file reads, no spawning (runtime-probe.ts gathers the inputs and the versions).
import { basename, resolve } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { CGROUP_ROOT, type CgroupLayout } from './cgroup-layout.ts';

/** podman's order when no runtime is configured: crun, then runc. */
export const defaultRuntimePreference = ['crun', 'runc'] as const;

export interface RuntimeCandidate {
  /** Runtime name: the binary's base name ("crun", "runc"). */
  name: string;
  /** Absolute path of the binary. */
  path: string;
  /** Set when the binary is known not to work (e.g. `--version` failed); says why. */
  unusable?: string;
}

export interface PassedOver {
  name: string;
  reason: string;
}

export interface RuntimeDecision {
  name: string;
  path: string;
  /** Why this runtime: requested, default, or the reasons the preferred ones were passed over. */
  reason: string;
  passedOver: PassedOver[];
  /**
   * crun on a hybrid host: crun runs with --cgroup-manager=disabled and berth itself places the
   * container in the cgroup v1 controllers (limits, devices, freezer) between create and start.
   */
  cgroupsByBerth?: boolean;
}

export interface ChooseRuntimeInput {
  /** `--runtime NAME|PATH` (podman's flag), or containers.conf's engine.runtime. */
  requested?: string | undefined;
  layout: CgroupLayout;
  candidates: readonly RuntimeCandidate[];
  /** Default: defaultRuntimePreference. */
  preference?: readonly string[];
}

/** crun and its variants (crun-wasm, krun) share libcrun's cgroup code. */
function isLibcrun(name: string): boolean {
  return name === 'crun' || name.startsWith('crun-') || name === 'krun';
}

/**
 * Why the runtime `name` cannot run containers on this layout, or undefined when nothing is
 * known against it. crun (libcrun_cgroup_enter) refuses when /sys/fs/cgroup is a v1 tmpfs, the
 * cgroup2 hierarchy is mounted at /sys/fs/cgroup/unified, and its cgroup.controllers is not empty.
 */
export function runtimeBlocker(name: string, layout: CgroupLayout): string | undefined {
  if (!isLibcrun(name)) return undefined;
  if (layout.version !== 'hybrid' || layout.unifiedMount !== `${CGROUP_ROOT}/unified`)
    return undefined;
  if (layout.v2Controllers.length === 0) return undefined;
  return (
    'cgroups in hybrid mode not supported (the cgroup v2 hierarchy at ' +
    `${layout.unifiedMount} holds ${layout.v2Controllers.join(', ')})`
  );
}

/** The v1 controllers berth must be able to manage itself before it runs crun without cgroups. */
export const berthManagedControllers = [
  'cpu',
  'cpuacct',
  'devices',
  'freezer',
  'memory',
  'pids',
] as const;

/** True when crun's only problem here is hybrid cgroups and every controller berth needs is mounted. */
function berthCanManage(candidate: RuntimeCandidate, layout: CgroupLayout): boolean {
  if (candidate.unusable !== undefined || runtimeBlocker(candidate.name, layout) === undefined)
    return false;
  return berthManagedControllers.every((controller) => layout.v1Mounts?.[controller] !== undefined);
}

function whyUnusable(candidate: RuntimeCandidate, layout: CgroupLayout): string | undefined {
  if (berthCanManage(candidate, layout)) return undefined;
  return candidate.unusable ?? runtimeBlocker(candidate.name, layout);
}

/** The decision for a usable candidate, saying how cgroups are handled when berth does it. */
function decide(
  candidate: RuntimeCandidate,
  layout: CgroupLayout,
  reason: string,
  passedOver: PassedOver[],
): RuntimeDecision {
  if (!berthCanManage(candidate, layout))
    return { name: candidate.name, path: candidate.path, reason, passedOver };
  const blocker = runtimeBlocker(candidate.name, layout) ?? '';
  return {
    name: candidate.name,
    path: candidate.path,
    reason: `${reason}, with cgroups managed by berth: ${candidate.name} alone refuses this host (${blocker}), so it runs with --cgroup-manager=disabled and berth puts each container in the v1 controllers`,
    passedOver,
    cgroupsByBerth: true,
  };
}

function matchesRequest(candidate: RuntimeCandidate, requested: string): boolean {
  return requested.includes('/')
    ? candidate.path === resolve(requested)
    : candidate.name === requested;
}

/** Picks the runtime, or throws RUNTIME_UNAVAILABLE with one sentence naming the fix. */
export function chooseRuntime(input: ChooseRuntimeInput): RuntimeDecision {
  const { requested, layout, candidates } = input;
  if (requested !== undefined && requested !== '') return chooseRequested(input, requested);
  const preference = input.preference ?? defaultRuntimePreference;
  const passedOver: PassedOver[] = [];
  for (const name of preference) {
    const candidate = candidates.find((c) => c.name === name);
    if (candidate === undefined) continue;
    const blocker = whyUnusable(candidate, layout);
    if (blocker !== undefined) {
      passedOver.push({ name, reason: blocker });
      continue;
    }
    const reason =
      passedOver.length === 0
        ? `${name} is the default OCI runtime`
        : passedOver
            .map((p) => `${p.name} cannot run containers on this host: ${p.reason}`)
            .join('; ');
    return decide(candidate, layout, reason, passedOver);
  }
  if (passedOver.length === 0) {
    throw new BerthError(
      'RUNTIME_UNAVAILABLE',
      'no OCI runtime found: install crun or runc (apt-get install crun runc)',
    );
  }
  const missing = preference.filter((name) => !candidates.some((c) => c.name === name));
  const fix =
    missing.length > 0
      ? `install ${missing.join(' or ')} (apt-get install ${missing.join(' ')})`
      : 'fix the host setup';
  const detail = passedOver.map((p) => `${p.name}: ${p.reason}`).join('; ');
  throw new BerthError('RUNTIME_UNAVAILABLE', `no usable OCI runtime on this host: ${fix}`, {
    hint: detail,
  });
}

function chooseRequested(input: ChooseRuntimeInput, requested: string): RuntimeDecision {
  const { layout, candidates } = input;
  const candidate = candidates.find((c) => matchesRequest(c, requested));
  if (candidate === undefined) {
    const name = requested.includes('/') ? basename(requested) : requested;
    throw new BerthError(
      'RUNTIME_UNAVAILABLE',
      `OCI runtime "${requested}" not found: install ${name} or pass its full path with --runtime`,
    );
  }
  const blocker = whyUnusable(candidate, layout);
  if (blocker === undefined) return decide(candidate, layout, 'requested with --runtime', []);
  const alternative = (input.preference ?? defaultRuntimePreference)
    .map((name) => candidates.find((c) => c.name === name))
    .find((c) => c !== undefined && c !== candidate && whyUnusable(c, layout) === undefined);
  const fix = alternative
    ? `use --runtime ${alternative.name}`
    : isLibcrun(candidate.name)
      ? 'install runc (apt-get install runc) and use --runtime runc'
      : 'install crun or runc (apt-get install crun runc)';
  const short = blocker.replace(/ \(.*\)$/, '');
  throw new BerthError(
    'RUNTIME_UNAVAILABLE',
    `${candidate.name} cannot run containers on this host: ${short}; ${fix}`,
    {
      hint: blocker,
    },
  );
}
