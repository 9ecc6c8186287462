// Container verbs over several references, with podman's policy in one place: --all, --latest,
// --ignore, filters, and one report per container so front ends print `ref` or the error.
import { BerthError, isBerthError, toErrorData } from '../../lib/berth-error.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type {
  ContainerListOptions,
  ContainerSummary,
  ContainerVerbReport,
} from '../container-reports.ts';
import { resolveContainerId } from './resolve-refs.ts';

export interface TargetOptions {
  refs: string[];
  all: boolean;
  latest?: boolean;
  ignore?: boolean;
}

/** The containers a verb acts on: every one for --all, the newest for --latest, else each ref. */
export function targets(ctx: EngineContext, options: TargetOptions): ContainerVerbReport[] {
  const records = ctx.state.containers.list();
  if (options.all) return records.map((record) => ({ ref: record.id, id: record.id }));
  if (options.latest) {
    const newest = [...records].sort((a, b) => b.created.localeCompare(a.created))[0];
    if (!newest)
      throw new BerthError('NO_SUCH_CONTAINER', 'no containers to act on: no such container');
    return [{ ref: newest.id, id: newest.id }];
  }
  if (options.refs.length === 0)
    throw new BerthError('USAGE', 'you must provide at least one name or id');
  return options.refs.flatMap((ref): ContainerVerbReport[] => {
    try {
      return [{ ref, id: resolveContainerId(ctx, ref) }];
    } catch (error) {
      if (options.ignore && isBerthError(error) && error.code === 'NO_SUCH_CONTAINER') return [];
      return [{ ref, error: toErrorData(error) }];
    }
  });
}

/** Runs `action` for each target in order, turning failures into per-container reports. */
export async function forEachTarget(
  ctx: EngineContext,
  options: TargetOptions,
  action: (id: string) => Promise<number | void>,
): Promise<ContainerVerbReport[]> {
  const chosen = targets(ctx, options);
  const reports: ContainerVerbReport[] = new Array(chosen.length);
  // Several containers at once, as podman's parallel workers do (stop -a waits out each
  // container's timeout together, not one after another); reports keep the order given.
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < chosen.length; index = next++) {
      const target = chosen[index]!;
      if (target.error || target.id === undefined) {
        reports[index] = target;
        continue;
      }
      try {
        const exitCode = await action(target.id);
        reports[index] = typeof exitCode === 'number' ? { ...target, exitCode } : target;
      } catch (error) {
        reports[index] = { ...target, error: toErrorData(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelVerbs, chosen.length) }, worker));
  return reports;
}

/** How many containers one verb works on at once. */
const parallelVerbs = 8;

/** ps's -a/-l/-n/--filter, podman's semantics: filters of different keys AND, same key OR. */
export function selectSummaries(
  all: ContainerSummary[],
  options: ContainerListOptions,
): ContainerSummary[] {
  const byKey = new Map<string, string[]>();
  for (const filter of options.filters) {
    const eq = filter.indexOf('=');
    if (eq <= 0)
      throw new BerthError('INVALID_ARGUMENT', `invalid filter "${filter}" requires value`);
    const key = filter.slice(0, eq);
    byKey.set(key, [...(byKey.get(key) ?? []), filter.slice(eq + 1)]);
  }
  const statusFiltered = byKey.has('status') || byKey.has('exited');
  // -l and -n pick among containers in every state, as podman does.
  const everyState = options.all || statusFiltered || options.latest || options.last >= 0;
  let selected = all.filter((summary) => everyState || summary.State === 'running');
  for (const [key, values] of byKey)
    selected = selected.filter((summary) => values.some((value) => matches(summary, key, value)));
  // Newest first by the full creation time (Created has whole seconds only).
  selected.sort((a, b) => b.CreatedAt.localeCompare(a.CreatedAt) || b.Id.localeCompare(a.Id));
  if (options.latest) return selected.slice(0, 1);
  if (options.last >= 0) return selected.slice(0, options.last);
  return selected;
}

function matches(summary: ContainerSummary, key: string, value: string): boolean {
  switch (key) {
    case 'id':
      return summary.Id.startsWith(value);
    case 'name':
      return summary.Names.some((name) => new RegExp(value).test(name));
    case 'status':
      return summary.State === value || (value === 'exited' && summary.State === 'stopped');
    case 'exited':
      return summary.Exited && String(summary.ExitCode) === value;
    case 'ancestor':
      return (
        summary.Image === value ||
        summary.ImageID.startsWith(value) ||
        summary.Image.endsWith(`/${value}`) ||
        summary.Image === `${value}:latest` ||
        summary.Image.endsWith(`/${value}:latest`)
      );
    case 'label': {
      const [name, want] = value.split('=', 2);
      const labels = summary.Labels ?? {};
      return name !== undefined && name in labels && (want === undefined || labels[name] === want);
    }
    default:
      throw new BerthError('INVALID_ARGUMENT', `invalid filter "${key}"`);
  }
}
