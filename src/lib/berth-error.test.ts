import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthError, errorCodes, type ErrorCode } from './berth-error.ts';

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
