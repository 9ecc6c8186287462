import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../lib/berth-error.ts';
import { mergeEnv, parseEnvFile, type EnvMergeInput } from './merge-env.ts';

const confEnv = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'];

function input(overrides: Partial<EnvMergeInput>): EnvMergeInput {
  return {
    imageEnv: [],
    defaultEnv: confEnv,
    userEnv: [],
    hostEnv: {},
    httpProxy: true,
    tty: false,
    hostname: 'abcdef012345',
    ...overrides,
  };
}

describe('mergeEnv', () => {
  it('reproduces the reference §9 example exactly', () => {
    const env = mergeEnv(
      input({
        imageEnv: ['PATH=/opt/bin:/usr/bin:/bin', 'FOO=from-image', 'BAR=image-bar'],
        hostEnv: { BAR: 'hostbar', HOME: '/root' },
        userEnv: ['FOO=cli', 'NEW=1'],
        envFiles: ['FILEVAR=f\nBAR\n'],
      }),
    );
    assert.deepEqual(env, [
      'FOO=cli',
      'NEW=1',
      'FILEVAR=f',
      'BAR=hostbar',
      'PATH=/opt/bin:/usr/bin:/bin',
      'TERM=xterm',
      'container=podman',
      'HOSTNAME=abcdef012345',
    ]);
  });

  it('defaults only: PATH, TERM, container, HOSTNAME', () => {
    assert.deepEqual(mergeEnv(input({})), [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'TERM=xterm',
      'container=podman',
      'HOSTNAME=abcdef012345',
    ]);
  });

  it('-e beats --env-file beats the image; later -e beats earlier', () => {
    const env = mergeEnv(
      input({
        imageEnv: ['A=image', 'B=image', 'C=image'],
        envFiles: ['A=file1\nB=file1', 'B=file2'],
        userEnv: ['A=cli1', 'A=cli2'],
      }),
    );
    assert.ok(env.includes('A=cli2'));
    assert.ok(env.includes('B=file2'));
    assert.ok(env.includes('C=image'));
    assert.equal(env.filter((e) => e.startsWith('A=')).length, 1);
  });

  it('copies proxy variables from the host only with --http-proxy', () => {
    const hostEnv = { http_proxy: 'http://p:3128', NO_PROXY: 'localhost', OTHER: 'x' };
    const withProxy = mergeEnv(input({ hostEnv }));
    assert.ok(withProxy.includes('http_proxy=http://p:3128'));
    assert.ok(withProxy.includes('NO_PROXY=localhost'));
    assert.ok(!withProxy.some((e) => e.startsWith('OTHER=')));
    const without = mergeEnv(input({ hostEnv, httpProxy: false }));
    assert.ok(!without.some((e) => e.startsWith('http_proxy=')));
  });

  it('--env-host copies everything from the host, image loses to it, -e wins', () => {
    const env = mergeEnv(
      input({
        envHost: true,
        hostEnv: { X: 'host', Y: 'host' },
        imageEnv: ['X=image'],
        userEnv: ['Y=cli'],
      }),
    );
    assert.ok(env.includes('X=host'));
    assert.ok(env.includes('Y=cli'));
  });

  it('-e KEY copies the host value and drops it when unset; PREFIX* globs the host', () => {
    const env = mergeEnv(
      input({
        hostEnv: { KEEP: 'k', APP_A: '1', APP_B: '2', OTHER: 'o' },
        userEnv: ['KEEP', 'MISSING', 'APP_*'],
      }),
    );
    assert.deepEqual(env.slice(0, 3), ['KEEP=k', 'APP_A=1', 'APP_B=2']);
    assert.ok(!env.some((e) => e.startsWith('MISSING')));
    assert.ok(!env.some((e) => e.startsWith('OTHER=')));
  });

  it('keeps an explicit HOSTNAME and adds TERM for -t when containers.conf has none', () => {
    const env = mergeEnv(input({ defaultEnv: [], tty: true, userEnv: ['HOSTNAME=mine'] }));
    assert.ok(env.includes('HOSTNAME=mine'));
    assert.ok(env.includes('TERM=xterm'));
    assert.ok(!mergeEnv(input({ defaultEnv: [] })).some((e) => e.startsWith('TERM=')));
  });

  it('--env-merge expands against the image env; --unsetenv and --unsetenv-all remove defaults', () => {
    const merged = mergeEnv(
      input({ imageEnv: ['PATH=/img'], envMerge: ['PATH=${PATH}:/extra', 'X=$UNSET-y'] }),
    );
    assert.ok(merged.includes('PATH=/img:/extra'));
    assert.ok(merged.includes('X=-y'));
    const unset = mergeEnv(input({ unsetEnv: ['TERM'], userEnv: ['A=1'] }));
    assert.ok(!unset.some((e) => e.startsWith('TERM=')));
    assert.deepEqual(mergeEnv(input({ unsetEnvAll: true, imageEnv: ['I=1'], userEnv: ['A=1'] })), [
      'A=1',
      'HOSTNAME=abcdef012345',
    ]);
  });

  it('ignores image entries without "=" instead of copying host values', () => {
    const env = mergeEnv(input({ imageEnv: ['SECRET', '*'], hostEnv: { SECRET: 's' } }));
    assert.ok(!env.some((e) => e.startsWith('SECRET')));
  });

  it('rejects "=VALUE" with INVALID_ARGUMENT', () => {
    assert.throws(
      () => mergeEnv(input({ userEnv: ['=oops'] })),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'INVALID_ARGUMENT' &&
        error.message === 'invalid environment variable: "=oops"',
    );
  });
});

describe('parseEnvFile', () => {
  it('skips comments and blank lines, trims leading blanks, keeps the rest of the value', () => {
    const layer = parseEnvFile('# comment\n\n  A=1 2 \n\tB==x\r\nC', { C: 'host' });
    assert.deepEqual(
      [...layer],
      [
        ['A', '1 2 '],
        ['B', '=x'],
        ['C', 'host'],
      ],
    );
  });
});

describe('HOME', () => {
  const base = {
    imageEnv: [],
    defaultEnv: [],
    userEnv: [],
    hostEnv: {},
    httpProxy: false,
    tty: false,
    hostname: 'abc',
  };
  it('comes from the user home before HOSTNAME, as podman orders them; any source that sets it wins', () => {
    assert.deepEqual(mergeEnv({ ...base, home: '/root' }).slice(-2), [
      'HOME=/root',
      'HOSTNAME=abc',
    ]);
    assert.ok(mergeEnv({ ...base, home: '/root', userEnv: ['HOME=/srv'] }).includes('HOME=/srv'));
    assert.ok(
      !mergeEnv(base).some((entry) => entry.startsWith('HOME=')),
      'no passwd entry: the runtime sets HOME',
    );
  });
});
