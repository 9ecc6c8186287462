// The container state machine: for every lifecycle verb and every state, whether the verb acts,
// has nothing to do, or is refused (with podman's words). Every verb asks here, under the
// container's lock, before it changes anything; nothing else decides what a state allows.
import { BerthError } from '../lib/berth-error.ts';
import type { ContainerStatus } from './container-model.ts';

export const containerStatuses = [
  'created',
  'running',
  'paused',
  'stopping',
  'exited',
  'removing',
] as const satisfies readonly ContainerStatus[];

export type LifecycleVerb =
  | 'start'
  | 'stop'
  | 'kill'
  | 'pause'
  | 'unpause'
  | 'remove'
  | 'forceRemove'
  | 'exec'
  | 'attach'
  | 'exit'
  | 'restart';

/** act: do it (and move to `next` when given); noop: already there, succeed without acting. */
export type Outcome =
  | { kind: 'act'; next?: ContainerStatus }
  | { kind: 'noop' }
  | { kind: 'refuse'; error: (id: string, state: string) => BerthError };

const act = (next?: ContainerStatus): Outcome =>
  next === undefined ? { kind: 'act' } : { kind: 'act', next };
const noop: Outcome = { kind: 'noop' };
const improper = (message: (id: string, state: string) => string): Outcome => ({
  kind: 'refuse',
  error: (id, state) =>
    new BerthError('CONTAINER_STATE', `${message(id, state)}: container state improper`),
});
const running = (message: (id: string, state: string) => string): Outcome => ({
  kind: 'refuse',
  error: (id, state) =>
    new BerthError('CONTAINER_RUNNING', `${message(id, state)}: container state improper`),
});

const removingRefused = improper((id) => `container ${id} is being removed`);
const cannotRemove = running(
  (id, state) =>
    `cannot remove container ${id} as it is ${state} - running or paused containers cannot be removed without force`,
);
const killRefused = improper(
  (id, state) => `can only kill running containers. ${id} is in state ${state}`,
);
const execRefused = improper(() => 'can only create exec sessions on running containers');

/** verb → state → outcome. A missing state is refused as "container state improper". */
const table: Record<LifecycleVerb, Partial<Record<ContainerStatus, Outcome>>> = {
  start: {
    created: act('running'),
    exited: act('running'),
    running: noop,
    paused: improper((id, s) => `container ${id} is ${s}`),
    stopping: improper((id, s) => `container ${id} is ${s}`),
    removing: removingRefused,
  },
  stop: {
    running: act('stopping'),
    paused: act('stopping'),
    stopping: act('stopping'),
    created: noop,
    exited: noop,
    removing: noop,
  },
  kill: {
    running: act(),
    paused: act(),
    stopping: act(),
    created: killRefused,
    exited: killRefused,
    removing: killRefused,
  },
  pause: {
    running: act('paused'),
    paused: improper((id) => `"${id}" is already paused`),
    created: improper((id) => `"${id}" is not running, can't pause`),
    stopping: improper((id) => `"${id}" is not running, can't pause`),
    exited: improper((id) => `"${id}" is not running, can't pause`),
    removing: removingRefused,
  },
  unpause: {
    paused: act('running'),
    created: improper((id) => `"${id}" is not paused, can't unpause`),
    running: improper((id) => `"${id}" is not paused, can't unpause`),
    stopping: improper((id) => `"${id}" is not paused, can't unpause`),
    exited: improper((id) => `"${id}" is not paused, can't unpause`),
    removing: removingRefused,
  },
  remove: {
    created: act('removing'),
    exited: act('removing'),
    removing: act('removing'),
    running: cannotRemove,
    paused: cannotRemove,
    stopping: cannotRemove,
  },
  /** rm -f: a live container is stopped first (the stop verb), then removed. */
  forceRemove: {
    created: act('removing'),
    exited: act('removing'),
    removing: act('removing'),
    running: act('stopping'),
    paused: act('stopping'),
    stopping: act('stopping'),
  },
  exec: {
    running: act(),
    created: execRefused,
    paused: execRefused,
    stopping: execRefused,
    exited: execRefused,
    removing: execRefused,
  },
  attach: {
    running: act(),
    created: improper(() => 'you can only attach to running containers'),
    paused: improper(() => 'you can only attach to running containers'),
    stopping: improper(() => 'you can only attach to running containers'),
    exited: improper(() => 'you can only attach to running containers'),
    removing: removingRefused,
  },
  /** The container's process ended (exit file, or its monitor is gone). */
  exit: {
    created: act('exited'),
    running: act('exited'),
    paused: act('exited'),
    stopping: act('exited'),
    exited: noop,
    removing: noop,
  },
  restart: {
    created: act('running'),
    exited: act('running'),
    running: act('running'),
    paused: act('running'),
    stopping: act('running'),
    removing: removingRefused,
  },
};

export function isContainerStatus(state: string): state is ContainerStatus {
  return (containerStatuses as readonly string[]).includes(state);
}

/** What `verb` does to a container in `state`. */
export function outcomeOf(verb: LifecycleVerb, state: string): Outcome {
  const outcome = isContainerStatus(state) ? table[verb][state] : undefined;
  return outcome ?? improper((id, s) => `container ${id} is in state ${s}`);
}

/**
 * true when the verb acts, false when there is nothing to do; throws the refusal.
 * Call it under the container's lock, on the state read under that lock.
 */
export function mayAct(verb: LifecycleVerb, id: string, state: string): boolean {
  const outcome = outcomeOf(verb, state);
  if (outcome.kind === 'refuse') throw outcome.error(id, state);
  return outcome.kind === 'act';
}

/** running, paused or stopping: a process (and its monitor) may still be there. */
export function isLiveStatus(state: string): boolean {
  return state === 'running' || state === 'paused' || state === 'stopping';
}

/**
 * States whose network endpoints count as taken: a live container, and a created one whose start
 * has placed its endpoints (a start in progress, or one killed half-way until it is cleaned up).
 */
export const endpointHoldingStatuses: ReadonlySet<string> = new Set([
  'created',
  'running',
  'paused',
  'stopping',
]);
