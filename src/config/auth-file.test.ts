import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authFileLocations, type AuthFileOptions } from './auth-file.ts';

const base: AuthFileOptions = { env: {}, uid: 0, homeDir: '/root', dirExists: () => true };

describe('authFileLocations', () => {
  it('uses /run/containers/<uid>/auth.json without XDG_RUNTIME_DIR, then the fallbacks', () => {
    const locations = authFileLocations(base);
    assert.equal(locations.primary, '/run/containers/0/auth.json');
    assert.equal(locations.userSpecified, false);
    assert.deepEqual(locations.readPaths, [
      { path: '/run/containers/0/auth.json', legacyFormat: false },
      { path: '/root/.config/containers/auth.json', legacyFormat: false },
      { path: '/root/.docker/config.json', legacyFormat: false },
      { path: '/root/.dockercfg', legacyFormat: true },
    ]);
  });

  it('uses XDG_RUNTIME_DIR and XDG_CONFIG_HOME when set', () => {
    const locations = authFileLocations({
      ...base,
      uid: 1000,
      homeDir: '/home/u',
      env: { XDG_RUNTIME_DIR: '/run/user/1000', XDG_CONFIG_HOME: '/cfg' },
    });
    assert.equal(locations.primary, '/run/user/1000/containers/auth.json');
    assert.equal(locations.readPaths[1]?.path, '/cfg/containers/auth.json');
  });

  it('warns and reads only fallbacks when XDG_RUNTIME_DIR does not exist', () => {
    const locations = authFileLocations({
      ...base,
      env: { XDG_RUNTIME_DIR: '/gone' },
      dirExists: () => false,
    });
    assert.equal(locations.primary, undefined);
    assert.match(
      locations.warning ?? '',
      /^"\/gone" directory set by \$XDG_RUNTIME_DIR does not exist/,
    );
    assert.equal(locations.readPaths[0]?.path, '/root/.config/containers/auth.json');
  });

  it('lets --authfile, REGISTRY_AUTH_FILE, then DOCKER_CONFIG choose one file with no fallbacks', () => {
    const env = {
      REGISTRY_AUTH_FILE: '/t/auth.json',
      DOCKER_CONFIG: '/d',
      XDG_RUNTIME_DIR: '/run/user/0',
    };
    assert.deepEqual(authFileLocations({ ...base, env, authFile: '/flag.json' }).readPaths, [
      { path: '/flag.json', legacyFormat: false },
    ]);
    const fromEnv = authFileLocations({ ...base, env });
    assert.equal(fromEnv.primary, '/t/auth.json');
    assert.equal(fromEnv.userSpecified, true);
    assert.equal(fromEnv.readPaths.length, 1);
    assert.equal(
      authFileLocations({ ...base, env: { DOCKER_CONFIG: '/d' } }).primary,
      '/d/config.json',
    );
  });
});
