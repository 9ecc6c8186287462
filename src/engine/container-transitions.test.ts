import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthError } from '../lib/berth-error.ts';
import {
  containerStatuses,
  isLiveStatus,
  mayAct,
  outcomeOf,
  type LifecycleVerb,
} from './container-transitions.ts';

const verbs: LifecycleVerb[] = [
  'start',
  'stop',
  'kill',
  'pause',
  'unpause',
  'remove',
  'forceRemove',
  'exec',
  'attach',
  'exit',
  'restart',
];

test('every verb has an outcome for every state (nothing falls through to a default)', () => {
  for (const verb of verbs) {
    for (const state of containerStatuses) {
      const outcome = outcomeOf(verb, state);
      assert.ok(
        outcome.kind === 'act' || outcome.kind === 'noop' || outcome.kind === 'refuse',
        `${verb} from ${state}`,
      );
    }
  }
});

test('start acts on created and exited, is a no-op when running, refuses paused, stopping and removing', () => {
  assert.equal(mayAct('start', 'c1', 'created'), true);
  assert.equal(mayAct('start', 'c1', 'exited'), true);
  assert.equal(mayAct('start', 'c1', 'running'), false);
  for (const state of ['paused', 'stopping', 'removing']) {
    assert.throws(
      () => mayAct('start', 'c1', state),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'CONTAINER_STATE' &&
        /container state improper$/.test(error.message),
    );
  }
});

test('rm without force refuses a live container with exit status 2, as podman', () => {
  for (const state of ['running', 'paused', 'stopping']) {
    assert.throws(
      () => mayAct('remove', 'abc', state),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'CONTAINER_RUNNING' &&
        error.exitStatus === 2 &&
        error.message ===
          `cannot remove container abc as it is ${state} - running or paused containers cannot be removed without force: container state improper`,
    );
  }
  assert.equal(
    mayAct('remove', 'abc', 'removing'),
    true,
    'a removal a crash interrupted is finished by the next rm',
  );
  assert.equal(outcomeOf('forceRemove', 'running').kind, 'act');
});

test('stop of a stopped container succeeds without acting; kill of one is refused in podman words', () => {
  assert.equal(mayAct('stop', 'c', 'exited'), false);
  assert.equal(mayAct('stop', 'c', 'created'), false);
  assert.equal(mayAct('stop', 'c', 'paused'), true);
  assert.throws(
    () => mayAct('kill', 'c', 'exited'),
    /^BerthError: can only kill running containers. c is in state exited: container state improper$/,
  );
});

test('pause and unpause say which way the state is wrong', () => {
  assert.throws(
    () => mayAct('pause', 'c', 'paused'),
    /"c" is already paused: container state improper/,
  );
  assert.throws(() => mayAct('pause', 'c', 'exited'), /"c" is not running, can't pause/);
  assert.throws(() => mayAct('unpause', 'c', 'running'), /"c" is not paused, can't unpause/);
  assert.equal(mayAct('unpause', 'c', 'paused'), true);
});

test('exec and attach need a running container; a paused one is not enough', () => {
  assert.equal(mayAct('exec', 'c', 'running'), true);
  assert.throws(
    () => mayAct('exec', 'c', 'paused'),
    /can only create exec sessions on running containers/,
  );
  assert.throws(() => mayAct('attach', 'c', 'exited'), /you can only attach to running containers/);
});

test('an unknown stored state is refused, never treated as a known one', () => {
  assert.throws(
    () => mayAct('start', 'c', 'configured'),
    /container c is in state configured: container state improper/,
  );
  assert.equal(isLiveStatus('configured'), false);
  assert.deepEqual(containerStatuses.filter(isLiveStatus), ['running', 'paused', 'stopping']);
});
