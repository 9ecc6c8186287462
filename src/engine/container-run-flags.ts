// Turns the stored run/create flags (ContainerRunExtras) into spec inputs: capabilities,
// --privileged's host devices and bounding set, --tmpfs mounts, --ulimit, resource limits.
import { listHostDevices, readBoundingSetMask } from '../host/privileged-host.ts';
import { parseUlimitSpec, type UlimitSpec } from '../lib/ulimit-spec.ts';
import { knownCapabilities } from '../spec/resolve-capabilities.ts';
import type { OciDevice, OciMount } from '../spec/oci-types.ts';
import type { ContainerRunExtras } from './container-model.ts';

export interface ExtraSpecInputs {
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnly: boolean;
  readOnlyTmpfs: boolean;
  annotations: Record<string, string>;
  boundingSet?: string[];
  devices?: OciDevice[];
  tmpfsMounts: OciMount[];
  stopSignal?: string;
}

export async function extraSpecInputs(extra: ContainerRunExtras): Promise<ExtraSpecInputs> {
  const privileged = extra.privileged ?? false;
  const inputs: ExtraSpecInputs = {
    capAdd: extra.capAdd ?? [],
    capDrop: extra.capDrop ?? [],
    privileged,
    readOnly: extra.readOnly ?? false,
    readOnlyTmpfs: extra.readOnlyTmpfs ?? true,
    annotations: extra.annotations ?? {},
    tmpfsMounts: (extra.tmpfs ?? []).map(tmpfsMount),
  };
  if (extra.stopSignal !== undefined) inputs.stopSignal = extra.stopSignal;
  if (privileged) {
    const [mask, devices] = await Promise.all([readBoundingSetMask(), listHostDevices()]);
    inputs.boundingSet = knownCapabilities.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
    inputs.devices = devices.map(({ path, type, major, minor, fileMode, uid, gid }) => ({
      path,
      type,
      major,
      minor,
      fileMode,
      uid,
      gid,
    }));
  }
  return inputs;
}

/** --tmpfs DEST[:OPTIONS]; podman's default options are rw,noexec,nosuid,nodev. */
export function tmpfsMount(spec: string): OciMount {
  const colon = spec.indexOf(':');
  const destination = colon < 0 ? spec : spec.slice(0, colon);
  const options =
    colon < 0
      ? ['rw', 'noexec', 'nosuid', 'nodev']
      : spec
          .slice(colon + 1)
          .split(',')
          .filter(Boolean);
  return { destination, type: 'tmpfs', source: 'tmpfs', options: [...options, 'tmpcopyup'] };
}

/** --ulimit values replace the configured defaults of the same type in place; new types follow. */
export function mergeUlimits(
  defaults: UlimitSpec[],
  requested: readonly string[] | undefined,
): UlimitSpec[] {
  const parsed = (requested ?? []).map(parseUlimitSpec);
  return [
    ...defaults.map((limit) => parsed.find((wanted) => wanted.type === limit.type) ?? limit),
    ...parsed.filter((wanted) => !defaults.some((limit) => limit.type === wanted.type)),
  ];
}

/** --memory and --cpus, which the spec builder does not render, added to linux.resources. */
export function resourceLimits(extra: ContainerRunExtras): Record<string, unknown> {
  const limits: Record<string, unknown> = {};
  // podman's default swap: as much again as the memory limit (memory + swap = twice the memory).
  if (extra.memoryBytes !== undefined)
    limits.memory = { limit: extra.memoryBytes, swap: extra.memoryBytes * 2 };
  if (extra.cpus !== undefined)
    limits.cpu = { quota: Math.round(extra.cpus * 100_000), period: 100_000 };
  return limits;
}
