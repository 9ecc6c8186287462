import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import {
  evaluatePolicy,
  loadPolicy,
  parsePolicy,
  policyPath,
  policyScopes,
} from './policy-json.ts';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-policy-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const accept = '[{"type":"insecureAcceptAnything"}]';
const reject = '[{"type":"reject"}]';

describe('policyPath and loadPolicy', () => {
  it('prefers --signature-policy, then the per-user file, then /etc', () => {
    const withUser = tree({ '/home/u/.config/containers/policy.json': '{}' });
    assert.equal(
      policyPath({ homeDir: '/home/u', fsRoot: withUser }),
      '/home/u/.config/containers/policy.json',
    );
    assert.equal(
      policyPath({ homeDir: '/home/u', fsRoot: tree({}) }),
      '/etc/containers/policy.json',
    );
    assert.equal(
      policyPath({ homeDir: '/home/u', fsRoot: withUser, signaturePolicyPath: '/p.json' }),
      '/p.json',
    );
  });

  it('loads the system policy', () => {
    const root = tree({ '/etc/containers/policy.json': `{"default": ${accept}}` });
    const { path, policy } = loadPolicy({ homeDir: '/root', fsRoot: root });
    assert.equal(path, '/etc/containers/policy.json');
    assert.deepEqual(policy, { default: [{ type: 'insecureAcceptAnything' }], transports: {} });
  });

  it('reports a missing or invalid file with its path', () => {
    const missing = (() => {
      try {
        loadPolicy({ homeDir: '/root', fsRoot: tree({}) });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(isBerthError(missing));
    assert.equal(missing.code, 'CONFIG_INVALID');
    assert.equal(missing.message, 'open /etc/containers/policy.json: no such file or directory');
    assert.throws(
      () =>
        loadPolicy({
          homeDir: '/root',
          fsRoot: tree({ '/etc/containers/policy.json': '{"transports":{}}' }),
        }),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'CONFIG_INVALID' &&
        error.message ===
          'invalid policy in "/etc/containers/policy.json": Default policy is missing',
    );
  });
});

describe('parsePolicy', () => {
  it('is strict like containers/image', () => {
    assert.throws(() => parsePolicy(`{"default": ${accept}, "extra": 1}`), /Unknown key "extra"/);
    assert.throws(() => parsePolicy('{"default": []}'), /must not be empty/);
    assert.throws(() => parsePolicy('{"default": [{"type":"reject","x":1}]}'), /Unknown key "x"/);
    assert.throws(
      () => parsePolicy('{"default": [{"type":"maybe"}]}'),
      /Unknown policy requirement type "maybe"/,
    );
    assert.throws(() => parsePolicy(`{"default": ${accept}, "transports": {"docker": []}}`));
  });

  it('keeps signature requirements as written', () => {
    const policy = parsePolicy(
      '{"default": [{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k.gpg"}]}',
    );
    assert.deepEqual(policy.default[0], {
      type: 'signedBy',
      raw: { type: 'signedBy', keyType: 'GPGKeys', keyPath: '/k.gpg' },
    });
  });
});

describe('evaluatePolicy', () => {
  it('lists docker scopes from the most specific', () => {
    assert.deepEqual(policyScopes('docker', 'reg.example.com:5000/ns/app:1'), [
      'reg.example.com:5000/ns/app:1',
      'reg.example.com:5000/ns/app',
      'reg.example.com:5000/ns',
      'reg.example.com:5000',
      '*.example.com',
      '*.com',
    ]);
    assert.deepEqual(
      policyScopes('docker', `docker.io/library/busybox@sha256:${'a'.repeat(64)}`).slice(1),
      ['docker.io/library/busybox', 'docker.io/library', 'docker.io', '*.io'],
    );
  });

  it('uses the most specific docker scope, then the transport default, then default', () => {
    const policy = parsePolicy(
      JSON.stringify({
        default: [{ type: 'reject' }],
        transports: {
          docker: {
            '': [{ type: 'insecureAcceptAnything' }],
            'quay.io/bad': [{ type: 'reject' }],
            'quay.io/bad/exception:1': [{ type: 'insecureAcceptAnything' }],
            '*.blocked.org': [{ type: 'reject' }],
            'localhost:5000': [{ type: 'reject' }],
            'signed.io': [{ type: 'sigstoreSigned', keyPath: '/k.pub' }],
          },
          'docker-daemon': { '': [{ type: 'insecureAcceptAnything' }] },
        },
      }),
    );
    assert.equal(evaluatePolicy(policy, 'docker', 'docker.io/library/busybox:latest'), 'accept');
    assert.equal(evaluatePolicy(policy, 'docker', 'quay.io/bad/app:1'), 'reject');
    assert.equal(evaluatePolicy(policy, 'docker', 'quay.io/bad/exception:1'), 'accept');
    assert.equal(evaluatePolicy(policy, 'docker', 'quay.io/bad/exception:2'), 'reject');
    assert.equal(evaluatePolicy(policy, 'docker', 'quay.io/badge/app:1'), 'accept');
    assert.equal(evaluatePolicy(policy, 'docker', 'a.b.blocked.org/x:1'), 'reject');
    assert.equal(evaluatePolicy(policy, 'docker', 'localhost:5000/x:1'), 'reject');
    assert.deepEqual(evaluatePolicy(policy, 'docker', 'signed.io/x:1'), {
      unsupported: 'sigstoreSigned',
    });
    assert.equal(evaluatePolicy(policy, 'docker-daemon', 'busybox:latest'), 'accept');
    assert.equal(evaluatePolicy(policy, 'oci', '/tmp/layout:img'), 'reject');
  });

  it('requires every requirement to pass', () => {
    const policy = parsePolicy(
      `{"default": [{"type":"insecureAcceptAnything"},{"type":"reject"}]}`,
    );
    assert.equal(evaluatePolicy(policy, 'docker', 'docker.io/library/x:1'), 'reject');
    assert.equal(evaluatePolicy(parsePolicy(`{"default": ${reject}}`), 'dir', '/a/b'), 'reject');
  });

  it('matches parent directories for path transports', () => {
    const policy = parsePolicy(
      JSON.stringify({
        default: [{ type: 'reject' }],
        transports: { dir: { '/trusted': [{ type: 'insecureAcceptAnything' }] } },
      }),
    );
    assert.equal(evaluatePolicy(policy, 'dir', '/trusted/a/b'), 'accept');
    assert.equal(evaluatePolicy(policy, 'dir', '/trustedx/a'), 'reject');
  });
});
