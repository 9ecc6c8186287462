// `generate systemd`: gathers a container's data (name, create command, stop timeout, restart
// policy, conmon's pid file) and hands it to the pure renderer (spec/). Pods do not exist yet.
import { BerthError } from '../lib/berth-error.ts';
import { berthVersion } from '../lib/berth-version.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig } from './container-model.ts';
import { renderContainerUnit, unitRestartPolicies } from '../spec/systemd-unit.ts';
import type { GenerateSystemdOptions, GenerateSystemdReport } from '../domain/systemd-reports.ts';

/** The container's unit; `id` is resolved by the caller (domain/local). */
export function generateSystemd(
  ctx: EngineContext,
  id: string,
  options: GenerateSystemdOptions,
  now = new Date(),
): GenerateSystemdReport {
  if (
    options.restartPolicy !== undefined &&
    !(unitRestartPolicies as readonly string[]).includes(options.restartPolicy)
  )
    throw new BerthError(
      'INVALID_ARGUMENT',
      `${options.restartPolicy} is not a valid restart policy`,
    );
  const record = ctx.state.containers.get(id);
  if (!record) throw missingUnitTarget(options.ref);
  const config = readContainerConfig(record.config, id);
  const recreate = options.recreate || options.template;
  if (recreate && !config.createCommand?.length)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `cannot use --new on container "${record.name}": it has no stored create command (created through an API, not the CLI)`,
    );
  const nameOrId = options.useName ? record.name : id;
  const serviceName = `${options.containerPrefix}${options.separator}${nameOrId}`;
  const policy = config.extra?.restartPolicy?.name;
  const warnings =
    !recreate && policy !== undefined && policy !== 'no'
      ? [
          `Container ${id} has restart policy "${policy}" which can lead to issues on shutdown: consider recreating the container without a restart policy and use systemd's restart mechanism instead`,
        ]
      : [];
  const text = renderContainerUnit({
    executable: options.executable,
    nameOrId,
    serviceName,
    runRoot: ctx.paths.runroot,
    conmonPidFile: containerPaths(ctx.paths, id).conmonPidFile,
    recreate,
    template: options.template,
    ...(config.createCommand ? { createCommand: config.createCommand } : {}),
    ...(options.noHeader
      ? {}
      : { header: { generator: `berth ${berthVersion}`, timestamp: goUnixDate(now) } }),
    restartPolicy: options.restartPolicy ?? (recreate ? unitRestart(policy) : 'on-failure'),
    ...(options.startTimeoutSeconds !== undefined
      ? { startTimeoutSeconds: options.startTimeoutSeconds }
      : {}),
    stopTimeoutSeconds: options.stopTimeoutSeconds ?? config.extra?.stopTimeoutSeconds ?? 10,
    wants: options.wants,
    after: options.after,
    requires: options.requires,
    env: options.env,
  });
  return { units: { [serviceName]: text }, warnings };
}

/** --new: the replayed --restart (dropped from the command) as Restart=: always and unless-stopped → always. */
function unitRestart(policy: string | undefined): string {
  if (policy === 'always' || policy === 'unless-stopped') return 'always';
  return 'on-failure';
}

export function missingUnitTarget(ref: string): BerthError {
  return new BerthError(
    'NO_SUCH_CONTAINER',
    `${ref} does not refer to a container or pod: no pod with name or ID ${ref} found: no such pod: no container with name or ID "${ref}" found: no such container`,
  );
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.UnixDate in UTC: `Sun Dec  6 14:35:47 UTC 2026`. */
export function goUnixDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${day} ${clock} UTC ${date.getUTCFullYear()}`;
}
