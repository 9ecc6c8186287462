// podman's Args checks of --all / --latest against CONTAINER arguments (cmd/podman/validate's
// CheckAllLatestAndIDFile, and start's validateStart): refused before the engine opens, exit 125.
import { usage } from '../berth-command.ts';

export interface AllLatestFlags {
  all?: boolean;
  latest?: boolean;
  /** stop/rm --cidfile */
  cidfile?: string[];
}

/** rm, stop, kill, restart: podman's CheckAllLatestAndIDFile (--cidfile: stop and rm). */
export function checkAllLatest(refs: readonly string[], flags: AllLatestFlags): void {
  const all = flags.all ?? false;
  const latest = flags.latest ?? false;
  if (all && latest) throw usage('--all and --latest cannot be used together');
  if (refs.length > 0 && all) throw usage('no arguments are needed with --all');
  if (refs.length > 0 && latest) throw usage('--latest and containers cannot be used together');
  const idFile = (flags.cidfile?.length ?? 0) > 0;
  if (refs.length > 0 && idFile) throw usage('no arguments are needed with --latest or --cidfile');
  if (refs.length === 0 && !all && !latest && !idFile)
    throw usage('you must provide at least one name or id');
}

/** start: podman's validateStart, in its order. */
export function checkStartArgs(
  refs: readonly string[],
  flags: AllLatestFlags & { attach?: boolean },
): void {
  const all = flags.all ?? false;
  const latest = flags.latest ?? false;
  if (refs.length === 0 && !latest && !all) throw usage('start requires at least one argument');
  if (all && latest) throw usage('--all and --latest cannot be used together');
  if (refs.length > 0 && latest) throw usage('--latest and containers cannot be used together');
  if (refs.length > 1 && flags.attach)
    throw usage('you cannot start and attach multiple containers at once');
  if ((refs.length > 0 || latest) && all)
    throw usage('either start all containers or the container(s) provided in the arguments');
  if (flags.attach && all) throw usage('you cannot start and attach all containers at once');
}
