import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import { resolvePaths, type DirectoryStat, type PathChecks } from './paths.ts';

/** In-memory directories: path -> stat; mkdirPrivate creates one owned by `creatorUid`. */
function fakeChecks(
  dirs: Record<string, Partial<DirectoryStat> & { writable?: boolean }>,
  creatorUid: number,
) {
  const made: string[] = [];
  const statOf = (path: string): DirectoryStat | undefined => {
    const entry = dirs[path];
    if (entry === undefined) return undefined;
    return { isDirectory: true, isSymbolicLink: false, uid: 0, mode: 0o40700, ...entry };
  };
  const checks: PathChecks = {
    stat: statOf,
    lstat: statOf,
    isWritable: (path) => dirs[path]?.writable ?? true,
    mkdirPrivate: (path) => {
      made.push(path);
      dirs[path] ??= { uid: creatorUid, mode: 0o40700 };
    },
  };
  return { checks, made };
}

describe('resolvePaths', () => {
  it('uses /var/lib/berth and /run/berth for root', () => {
    const { checks, made } = fakeChecks({}, 0);
    assert.deepEqual(resolvePaths({ uid: 0, env: { HOME: '/root' }, checks }), {
      root: '/var/lib/berth',
      runroot: '/run/berth',
      rootless: false,
      configHome: '/root/.config',
      runtimeDir: '/run',
    });
    assert.deepEqual(made, []);
  });

  it('honours --root and --runroot, made absolute', () => {
    const { checks } = fakeChecks({}, 0);
    const paths = resolvePaths({
      uid: 0,
      env: {},
      rootOverride: 'store',
      runrootOverride: '/tmp/rr',
      checks,
    });
    assert.equal(paths.root, `${process.cwd()}/store`);
    assert.equal(paths.runroot, '/tmp/rr');
  });

  it('puts a rootless user under XDG_DATA_HOME and a usable XDG_RUNTIME_DIR', () => {
    const { checks, made } = fakeChecks({ '/run/user/1000': { uid: 1000 } }, 1000);
    const env = { HOME: '/home/u', XDG_DATA_HOME: '/data', XDG_RUNTIME_DIR: '/run/user/1000' };
    assert.deepEqual(resolvePaths({ uid: 1000, env, checks }), {
      root: '/data/berth',
      runroot: '/run/user/1000/berth',
      rootless: true,
      configHome: '/home/u/.config',
      runtimeDir: '/run/user/1000',
    });
    assert.deepEqual(made, []);
  });

  it('defaults a rootless root to ~/.local/share/berth', () => {
    const { checks } = fakeChecks({ '/run/user/1000': { uid: 1000 } }, 1000);
    const env = { HOME: '/home/u', XDG_RUNTIME_DIR: '/run/user/1000', XDG_CONFIG_HOME: '/cfg' };
    const paths = resolvePaths({ uid: 1000, env, checks });
    assert.equal(paths.root, '/home/u/.local/share/berth');
    assert.equal(paths.configHome, '/cfg');
  });

  it('falls back to /tmp/berth-run-UID when XDG_RUNTIME_DIR is unset, foreign or read-only', () => {
    const cases: Record<string, string>[] = [
      { HOME: '/home/u' },
      { HOME: '/home/u', XDG_RUNTIME_DIR: '/run/user/0' },
      { HOME: '/home/u', XDG_RUNTIME_DIR: '/run/user/ro' },
      { HOME: '/home/u', XDG_RUNTIME_DIR: '/missing' },
    ];
    for (const env of cases) {
      const { checks, made } = fakeChecks(
        { '/run/user/0': { uid: 0 }, '/run/user/ro': { uid: 1000, writable: false } },
        1000,
      );
      const paths = resolvePaths({ uid: 1000, env, checks });
      assert.equal(paths.runroot, '/tmp/berth-run-1000', JSON.stringify(env));
      assert.equal(paths.runtimeDir, '/tmp/berth-run-1000');
      assert.deepEqual(made, ['/tmp/berth-run-1000']);
    }
  });

  it('refuses a fallback directory another user created', () => {
    const { checks } = fakeChecks({ '/tmp/berth-run-1000': { uid: 1001 } }, 1000);
    assert.throws(
      () => resolvePaths({ uid: 1000, env: { HOME: '/home/u' }, checks }),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'ROOT_UNWRITABLE' &&
        /not a private directory owned by uid 1000/.test(error.message),
    );
  });

  it('refuses a fallback directory others may write', () => {
    const { checks } = fakeChecks({ '/tmp/berth-run-1000': { uid: 1000, mode: 0o40777 } }, 1000);
    assert.throws(
      () => resolvePaths({ uid: 1000, env: { HOME: '/home/u' }, checks }),
      /not a private directory/,
    );
  });

  it('needs HOME for a rootless user without XDG directories', () => {
    const { checks } = fakeChecks({}, 1000);
    assert.throws(
      () => resolvePaths({ uid: 1000, env: {}, checks }),
      (error: unknown) => isBerthError(error) && error.code === 'INVALID_ARGUMENT',
    );
  });

  it('creates the real fallback directory 0700 through node:fs', async () => {
    const { mkdtemp, rm, stat } = await import('node:fs/promises');
    const { nodePathChecks } = await import('./paths.ts');
    const dir = await mkdtemp('/tmp/berth-paths-test-');
    try {
      nodePathChecks.mkdirPrivate(`${dir}/run`);
      nodePathChecks.mkdirPrivate(`${dir}/run`); // existing is fine
      assert.equal((await stat(`${dir}/run`)).mode & 0o777, 0o700);
      assert.equal(nodePathChecks.lstat(`${dir}/missing`), undefined);
      assert.equal(nodePathChecks.isWritable(`${dir}/run`), true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
