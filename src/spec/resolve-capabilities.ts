// process.capabilities from the default set, --cap-add/--cap-drop, --privileged and the user, as
// podman 4 (pkg/specgen/generate/security_linux.go + containers/common pkg/capabilities) does.

import { BerthError } from '../lib/berth-error.ts';
import type { OciCapabilities } from './oci-types.ts';

/** Every capability in linux/capability.h up to CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE (40), by number. */
export const knownCapabilities = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

const known: ReadonlySet<string> = new Set(knownCapabilities);

/** `net_raw` / `NET_RAW` / `CAP_NET_RAW` → `CAP_NET_RAW`; `all` → `ALL`; unknown names throw. */
export function normalizeCapabilities(caps: readonly string[]): string[] {
  return caps.map((cap) => {
    const upper = cap.toUpperCase();
    if (upper === 'ALL') return upper;
    const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (!known.has(name)) {
      throw new BerthError('INVALID_ARGUMENT', `unknown capability ${JSON.stringify(name)}`);
    }
    return name;
  });
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** containers/common MergeCapabilities: base − drops + adds, sorted; ALL works on either side. */
export function mergeCapabilities(
  base: readonly string[],
  adds: readonly string[],
  drops: readonly string[],
  boundingSet: readonly string[],
): string[] {
  const normalizedBase = normalizeCapabilities(base);
  if (adds.length === 0 && drops.length === 0) return [...normalizedBase].sort(byName);
  const capAdd = normalizeCapabilities(adds);
  const capDrop = normalizeCapabilities(drops);
  if (capDrop.includes('ALL')) {
    if (capAdd.includes('ALL')) {
      throw new BerthError('INVALID_ARGUMENT', 'adding all caps and removing all caps not allowed');
    }
    return [...new Set(capAdd)].sort(byName);
  }
  const from = capAdd.includes('ALL') ? [...boundingSet] : normalizedBase;
  const additions = capAdd.includes('ALL') ? [] : capAdd;
  for (const cap of additions) {
    if (capDrop.includes(cap)) {
      throw new BerthError(
        'INVALID_ARGUMENT',
        `capability ${JSON.stringify(cap)} cannot be dropped and added`,
      );
    }
  }
  const kept = from.filter((cap) => !capDrop.includes(cap));
  return [...new Set([...kept, ...additions])].sort(byName);
}

export interface CapabilityInput {
  /** containers.conf default_capabilities. */
  defaults: readonly string[];
  capAdd: readonly string[];
  capDrop: readonly string[];
  privileged: boolean;
  /** The user the process runs as: podman's "root" test is on the -u string; berth uses uid 0. */
  uid: number;
  /** The engine's bounding set; default all known capabilities. */
  boundingSet?: readonly string[];
}

/**
 * Bounding = (privileged ? the whole bounding set : merged defaults ∩ bounding set). Root gets
 * effective = permitted = bounding; any other uid gets bounding only, and --cap-add'ed
 * capabilities (∩ bounding set) in effective, inheritable, permitted and ambient. Empty lists
 * are omitted, as runtime-spec's omitempty does.
 */
export function resolveCapabilities(input: CapabilityInput): OciCapabilities {
  const bounding = [...(input.boundingSet ?? knownCapabilities)].sort(byName);
  const inBounding = (cap: string): boolean => bounding.includes(cap);
  const caps = input.privileged
    ? bounding
    : mergeCapabilities(input.defaults, input.capAdd, input.capDrop, bounding).filter(inBounding);
  const result: OciCapabilities = {};
  if (caps.length > 0) result.bounding = caps;
  if (input.uid === 0) {
    if (caps.length > 0) {
      result.effective = caps;
      result.permitted = caps;
    }
    return result;
  }
  const userCaps = mergeCapabilities([], input.capAdd, [], bounding).filter(inBounding);
  if (userCaps.length > 0) {
    result.effective = userCaps;
    result.inheritable = userCaps;
    result.permitted = userCaps;
    result.ambient = userCaps;
  }
  return result;
}
