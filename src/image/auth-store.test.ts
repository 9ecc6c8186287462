// auth.json reading (fallbacks, key normalization, parents) and writing (0600, other keys kept).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  findCredentials,
  lookupKeys,
  normalizeAuthKey,
  removeAllCredentials,
  removeCredentials,
  storeCredentials,
} from './auth-store.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function home(): { homeDir: string; runtime: string } {
  const homeDir = mkdtempSync(join(tmpdir(), 'berth-auth-'));
  const runtime = join(homeDir, 'run');
  mkdirSync(runtime);
  return { homeDir, runtime };
}

test('keys normalize Docker-style URLs and docker.io aliases; lookups try parents', () => {
  assert.equal(normalizeAuthKey('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(normalizeAuthKey('http://quay.io/'), 'quay.io');
  assert.deepEqual(lookupKeys('quay.io/org/app'), ['quay.io/org/app', 'quay.io/org', 'quay.io']);
});

test('store writes 0600 at XDG_RUNTIME_DIR/containers/auth.json and keeps other keys; remove and remove-all', async () => {
  const { homeDir, runtime } = home();
  const env = { XDG_RUNTIME_DIR: runtime };
  const path = join(runtime, 'containers/auth.json');
  mkdirSync(join(runtime, 'containers'));
  writeFileSync(
    path,
    JSON.stringify({ auths: { 'old.example': { auth: b64('o:p') } }, credHelpers: { x: 'y' } }),
  );
  assert.equal(
    await storeCredentials({ env, homeDir }, 'reg.example:5000', {
      username: 'u',
      password: 'p:w',
    }),
    path,
  );
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(document['credHelpers'], { x: 'y' });
  assert.deepEqual(findCredentials({ env, homeDir }, 'reg.example:5000/ns/app'), {
    username: 'u',
    password: 'p:w',
    path,
    key: 'reg.example:5000',
  });
  await removeCredentials({ env, homeDir }, 'reg.example:5000');
  assert.equal(findCredentials({ env, homeDir }, 'reg.example:5000'), undefined);
  await assert.rejects(removeCredentials({ env, homeDir }, 'reg.example:5000'), {
    code: 'NOT_LOGGED_IN',
    message: 'not logged into reg.example:5000',
  });
  await removeAllCredentials({ env, homeDir });
  assert.deepEqual((JSON.parse(readFileSync(path, 'utf8')) as { auths: unknown }).auths, {});
});

test('falls back to ~/.docker/config.json and refuses to log out of docker-login credentials', async () => {
  const { homeDir, runtime } = home();
  const env = { XDG_RUNTIME_DIR: runtime };
  mkdirSync(join(homeDir, '.docker'));
  writeFileSync(
    join(homeDir, '.docker/config.json'),
    JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('d:s') } } }),
  );
  assert.equal(findCredentials({ env, homeDir }, 'docker.io/library/busybox')?.username, 'd');
  await assert.rejects(
    removeCredentials({ env, homeDir }, 'docker.io'),
    /Existing credentials were established via docker login/,
  );
  // --authfile means only that file is read.
  assert.equal(
    findCredentials({ env, homeDir, authFile: join(homeDir, 'none.json') }, 'docker.io'),
    undefined,
  );
});
