import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistriesConfig } from '../config/registries-conf.ts';
import { localCandidates, pullCandidates } from './short-name.ts';

function config(overrides: Partial<RegistriesConfig> = {}): RegistriesConfig {
  return {
    unqualifiedSearchRegistries: ['quay.io', 'docker.io'],
    unqualifiedSearchRegistriesOrigin: '/etc/containers/registries.conf',
    registries: [],
    aliases: { alpine: 'docker.io/library/alpine' },
    aliasOrigins: { alpine: '/etc/containers/registries.conf.d/shortnames.conf' },
    shortNameMode: 'permissive',
    credentialHelpers: ['containers-auth.json'],
    sources: [],
    shortNameAliasesPath: '/var/cache/containers/short-name-aliases.conf',
    ...overrides,
  };
}

test('an alias wins and is the only candidate, with the tag re-appended', () => {
  const plan = pullCandidates('alpine:3', config(), { tty: false });
  assert.deepEqual(plan.candidates, ['docker.io/library/alpine:3']);
  assert.equal(
    plan.description,
    'Resolved "alpine:3" as an alias (/etc/containers/registries.conf.d/shortnames.conf)',
  );
  const cached = pullCandidates('alpine', config(), {
    tty: false,
    aliasCache: new Map([['alpine', { value: 'quay.io/x/alpine', origin: '/cache' }]]),
  });
  assert.deepEqual(cached.candidates, ['quay.io/x/alpine:latest']);
});

test('search registries in order; permissive without a TTY tries all', () => {
  const plan = pullCandidates('busybox', config(), { tty: false });
  assert.deepEqual(plan.candidates, ['quay.io/busybox:latest', 'docker.io/library/busybox:latest']);
  assert.equal(plan.needsPrompt, false);
  assert.equal(
    plan.description,
    'Resolving "busybox" using unqualified-search registries (/etc/containers/registries.conf)',
  );
  assert.equal(pullCandidates('busybox', config(), { tty: true }).needsPrompt, true);
  assert.equal(
    pullCandidates('busybox', config({ shortNameMode: 'disabled' }), { tty: true }).needsPrompt,
    false,
  );
});

test('enforcing with several registries and no TTY is podman error', () => {
  assert.throws(
    () => pullCandidates('busybox', config({ shortNameMode: 'enforcing' }), { tty: false }),
    {
      message: 'short-name resolution enforced but cannot prompt without a TTY',
    },
  );
  const one = pullCandidates(
    'busybox',
    config({ shortNameMode: 'enforcing', unqualifiedSearchRegistries: ['quay.io'] }),
    { tty: false },
  );
  assert.deepEqual(one.candidates, ['quay.io/busybox:latest']);
});

test('empty search list: podman exact error', () => {
  assert.throws(
    () =>
      pullCandidates('nosuchimage', config({ unqualifiedSearchRegistries: [] }), { tty: false }),
    {
      message:
        'short-name "nosuchimage" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"',
    },
  );
});

test('fully-qualified names and digests', () => {
  assert.deepEqual(pullCandidates('docker.io/busybox', config(), { tty: false }).candidates, [
    'docker.io/library/busybox:latest',
  ]);
  const digest = `sha256:${'b'.repeat(64)}`;
  assert.deepEqual(
    pullCandidates(`busybox:1@${digest}`, config({ unqualifiedSearchRegistries: ['quay.io'] }), {
      tty: false,
    }).candidates,
    [`quay.io/busybox@${digest}`],
  );
});

test('local candidates: alias, search registries, then localhost/', () => {
  assert.deepEqual(localCandidates('busybox', config()), [
    'quay.io/busybox:latest',
    'docker.io/library/busybox:latest',
    'localhost/busybox:latest',
  ]);
  assert.deepEqual(localCandidates('alpine:1', config({ unqualifiedSearchRegistries: [] })), [
    'docker.io/library/alpine:1',
    'localhost/alpine:1',
  ]);
  assert.deepEqual(localCandidates('localhost/x', config()), ['localhost/x:latest']);
});
