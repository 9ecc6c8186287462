// Bad input gets podman's words, exit status 125 and no stack trace (the stack only at debug).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBerthEnv } from '../harness/berth-env.ts';

test('unknown flags, commands and arguments fail like podman with status 125', async (t) => {
  const env = await createBerthEnv(t);
  const cases: [string[], RegExp][] = [
    [['--foo'], /^Error: unknown flag: --foo$/m],
    [['info', '--bogus'], /^Error: unknown flag: --bogus$/m],
    [['images', '-Z'], /^Error: unknown shorthand flag: 'Z' in -Z$/m],
    [['frobnicate'], /^Error: unrecognized command `berth frobnicate`$/m],
    [['run'], /^Error: requires at least 1 arg\(s\), only received 0$/m],
    [['info', '--format'], /^Error: flag needs an argument: --format$/m],
    [['--log-level', 'loud', 'info'], /^Error: "loud" is not a valid log level/m],
    [['--storage-driver', 'zfs', 'info'], /^Error: unknown storage driver "zfs"/m],
    [['info', '--format', '{{.Host.Nope}}'], /^Error: template: .*can't evaluate field Nope/m],
    [['info', '--format', '{{.Host.'], /^Error: template: /m],
  ];
  for (const [args, expected] of cases) {
    const result = await env.berth(args);
    assert.equal(
      result.status,
      125,
      `berth ${args.join(' ')} exits 125 (stderr: ${result.stderr})`,
    );
    assert.match(result.stderr, expected, `berth ${args.join(' ')}`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, `no stack trace for berth ${args.join(' ')}`);
  }
});

test('--log-level=debug shows the stack of an error and every command berth runs', async (t) => {
  const env = await createBerthEnv(t);
  const bad = await env.berth(['--log-level=debug', 'info', '--format', '{{.Host.Nope}}']);
  assert.equal(bad.status, 125);
  assert.match(bad.stderr, /\n\s+at /, 'the stack is shown at debug level');
  const info = await env.berth([
    '--log-level',
    'debug',
    'info',
    '--format',
    '{{.Host.OCIRuntime.Name}}',
  ]);
  assert.equal(info.status, 0, info.stderr);
  assert.match(
    info.stderr,
    /level=debug msg="ran \S+ --version -> 0 in [\d.]+ ms"|level=debug msg="Merged system config/,
  );
});

test('an unwritable root is one sentence that names the fix', async (t) => {
  const env = await createBerthEnv(t);
  const result = await env.berth(['--root', '/proc/berth-cannot-be-here', 'info']);
  assert.equal(result.status, 125);
  assert.match(
    result.stderr,
    /^Error: cannot create \/proc\/berth-cannot-be-here: \w+\n.*--root DIR/m,
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('a runtime that cannot work here is refused with the reason and the fix', async (t) => {
  const env = await createBerthEnv(t);
  const result = await env.berth(['--runtime', '/nonexistent/ocirt', 'info']);
  assert.equal(result.status, 125);
  // The reason (not found) and the fix (install it, or give its full path), as one line.
  assert.equal(
    result.stderr,
    'Error: OCI runtime "/nonexistent/ocirt" not found: install ocirt or pass its full path with --runtime\n',
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
