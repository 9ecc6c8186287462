// Challenge and Link header parsing, with the headers registries really send.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextLink, parseWwwAuthenticate } from './www-authenticate.ts';

test('parses a Basic challenge as docker-registry sends it', () => {
  assert.deepEqual(parseWwwAuthenticate('Basic realm="berth-test"'), [
    { scheme: 'basic', params: { realm: 'berth-test' } },
  ]);
});

test('parses a Bearer challenge with realm, service and a scope holding commas', () => {
  const [challenge] = parseWwwAuthenticate(
    'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:ns/app:pull,push"',
  );
  assert.equal(challenge?.scheme, 'bearer');
  assert.deepEqual(challenge?.params, {
    realm: 'https://auth.example/token',
    service: 'registry.example',
    scope: 'repository:ns/app:pull,push',
  });
});

test('skips unknown schemes and reads several challenges', () => {
  const challenges = parseWwwAuthenticate(['Negotiate', 'Bearer realm="r",error="invalid_token"']);
  assert.deepEqual(challenges, [
    { scheme: 'bearer', params: { realm: 'r', error: 'invalid_token' } },
  ]);
});

test('follows Link rel="next" relative to the request URL', () => {
  const base = 'http://127.0.0.1:5000/v2/_catalog?n=1';
  assert.equal(
    nextLink('</v2/_catalog?last=library%2Fbusybox&n=1>; rel="next"', base),
    'http://127.0.0.1:5000/v2/_catalog?last=library%2Fbusybox&n=1',
  );
  assert.equal(nextLink(undefined, base), undefined);
  assert.equal(nextLink('</x>; rel="prev"', base), undefined);
});
