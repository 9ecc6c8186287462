// Finds the seccomp profile podman would use (containers.conf seccomp_profile, then
// /etc/containers/seccomp.json, then /usr/share/containers/seccomp.json) and reads it once.
import { readFile } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import type { ContainersConfig } from '../config/containers-conf.ts';

const defaultProfiles = ['/etc/containers/seccomp.json', '/usr/share/containers/seccomp.json'];

export type SeccompSource = { profile: unknown; arch: string } | 'unconfined';

export async function loadSeccompProfile(
  config: ContainersConfig,
  arch: string,
): Promise<SeccompSource> {
  const configured = config.containers.seccompProfile;
  if (configured === 'unconfined') return 'unconfined';
  for (const path of configured ? [configured] : defaultProfiles) {
    try {
      return { profile: JSON.parse(await readFile(path, 'utf8')) as unknown, arch };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !configured) continue;
      throw new BerthError(
        'CONFIG_INVALID',
        `loading seccomp profile (${path}) failed: ${String(error)}`,
        { cause: error },
      );
    }
  }
  log.info(
    'no seccomp profile found (install golang-github-containers-common): running without seccomp',
  );
  return 'unconfined';
}
