import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BerthError,
  errorCodes,
  exitStatusOf,
  isErrorData,
  toErrorData,
  type ErrorCode,
} from './berth-error.ts';

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

test('the specific codes split out of INVALID_ARGUMENT keep exit status 125 and carry their own HTTP status', () => {
  const expected: [ErrorCode, number][] = [
    ['INVALID_ARGUMENT', 400],
    ['AMBIGUOUS_REFERENCE', 400],
    ['NO_SUCH_PATH', 404],
    ['POLICY_DENIED', 403],
    ['NOT_SUPPORTED', 501],
    ['CONFIG_INVALID', 500],
    ['PORT_IN_USE', 409],
    ['ADDRESS_IN_USE', 409],
    ['ALREADY_CONNECTED', 409],
    ['NAME_IN_USE', 409],
  ];
  for (const [code, http] of expected) {
    const error = new BerthError(code, 'x');
    assert.equal(error.exitStatus, 125, code);
    assert.equal(error.httpStatus, http, code);
  }
});

test('only the codes podman exits differently for leave 125', () => {
  const notEngineErrors = Object.entries(errorCodes)
    .filter(([, [exit]]) => exit !== 125)
    .map(([code]) => code)
    .sort();
  assert.deepEqual(notEngineErrors, [
    'CANNOT_INVOKE',
    'COMMAND_NOT_FOUND',
    'CONTAINER_RUNNING',
    'NETWORK_IN_USE',
    'VOLUME_IN_USE',
  ]);
});
