import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthError, exitStatusOf, isErrorData, toErrorData } from './berth-error.ts';

test('an error crosses as JSON data and is rebuilt with its code, message, hint and cause', () => {
  const cause = new BerthError('HOST_COMMAND_FAILED', 'mount failed', {
    cause: new Error('EBUSY'),
  });
  const error = new BerthError('CONTAINER_RUNNING', 'cannot remove container x', {
    hint: 'use -f',
    cause,
  });
  const wire: unknown = JSON.parse(JSON.stringify(toErrorData(error)));
  assert.deepEqual(wire, {
    code: 'CONTAINER_RUNNING',
    message: 'cannot remove container x',
    hint: 'use -f',
    cause: {
      code: 'HOST_COMMAND_FAILED',
      message: 'mount failed',
      cause: { code: 'INTERNAL', message: 'EBUSY' },
    },
  });
  assert.ok(isErrorData(wire));
  const rebuilt = BerthError.fromData(wire);
  assert.ok(rebuilt instanceof BerthError);
  assert.equal(rebuilt.code, 'CONTAINER_RUNNING');
  assert.equal(rebuilt.message, 'cannot remove container x');
  assert.equal(rebuilt.hint, 'use -f');
  assert.equal(rebuilt.exitStatus, 2);
  assert.ok(rebuilt.cause instanceof BerthError);
  assert.equal(rebuilt.cause.code, 'HOST_COMMAND_FAILED');
  assert.deepEqual(toErrorData(rebuilt), wire);
});

test('anything thrown that is no BerthError becomes INTERNAL with its message; a cause cycle ends', () => {
  assert.deepEqual(toErrorData(new Error('boom')), { code: 'INTERNAL', message: 'boom' });
  assert.deepEqual(toErrorData('text'), { code: 'INTERNAL', message: 'text' });
  const a = new BerthError('STORAGE', 'a');
  const b = new BerthError('STORAGE', 'b', { cause: a });
  Object.defineProperty(a, 'cause', { value: b });
  let depth = 0;
  for (
    let data: ReturnType<typeof toErrorData> | undefined = toErrorData(b);
    data;
    data = data.cause
  )
    depth++;
  assert.ok(depth <= 9);
});

test('exit status comes from the code table; the guard refuses what is not ErrorData', () => {
  assert.equal(exitStatusOf({ code: 'NO_SUCH_CONTAINER' }), 125);
  assert.equal(exitStatusOf({ code: 'NETWORK_IN_USE' }), 2);
  assert.equal(exitStatusOf({ code: 'COMMAND_NOT_FOUND' }), 127);
  assert.equal(isErrorData({ code: 'NOT_A_CODE', message: 'x' }), false);
  assert.equal(isErrorData({ code: 'INTERNAL' }), false);
  assert.equal(isErrorData({ code: 'INTERNAL', message: 'x', cause: 'text' }), false);
  assert.equal(BerthError.fromData({ code: 'BOGUS' as 'INTERNAL', message: 'x' }).code, 'INTERNAL');
});
