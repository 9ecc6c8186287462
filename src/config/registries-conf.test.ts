import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import { loadRegistriesConfig, type RegistriesConfigOptions } from './registries-conf.ts';
import { nodeConfigFs } from './config-fs.ts';
import { loadShortNameAliasCache } from './short-name-alias.ts';
import {
  findRegistry,
  pullSources,
  registriesInfo,
  resolveShortNameAlias,
} from './registry-match.ts';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-regconf-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function load(files: Record<string, string>, extra: Partial<RegistriesConfigOptions> = {}) {
  return loadRegistriesConfig({
    env: {},
    rootless: false,
    homeDir: '/root',
    fsRoot: tree(files),
    ...extra,
  });
}

function loadError(
  files: Record<string, string>,
  extra: Partial<RegistriesConfigOptions> = {},
): Error {
  try {
    load(files, extra);
  } catch (error) {
    assert.ok(isBerthError(error));
    assert.equal(error.code, 'CONFIG_INVALID');
    return error;
  }
  assert.fail('expected an error');
}

const SYS = '/etc/containers/registries.conf';

describe('loadRegistriesConfig', () => {
  it('returns defaults when no file exists', () => {
    const config = load({});
    assert.deepEqual(config.unqualifiedSearchRegistries, []);
    assert.deepEqual(config.registries, []);
    assert.equal(config.shortNameMode, 'permissive');
    assert.deepEqual(config.credentialHelpers, ['containers-auth.json']);
    assert.deepEqual(config.sources, []);
  });

  it('parses a v1 file into registries and the search list', () => {
    const config = load({
      [SYS]: `[registries.search]\nregistries = ['registry1.com', 'registry2.com']\n[registries.insecure]\nregistries = ['registry3.com/']\n[registries.block]\nregistries = ['registry.untrusted.com', 'registry3.com']\n`,
    });
    assert.deepEqual(config.unqualifiedSearchRegistries, ['registry1.com', 'registry2.com']);
    assert.deepEqual(
      config.registries.map((r) => [r.prefix, r.location, r.insecure, r.blocked]),
      [
        ['registry.untrusted.com', 'registry.untrusted.com', false, true],
        ['registry3.com', 'registry3.com', true, true],
      ],
    );
    assert.deepEqual(config.sources, [SYS]);
  });

  it('parses a v2 file with registries, mirrors, aliases and settings', () => {
    const config = load({
      [SYS]: `unqualified-search-registries = ["example.com", "docker.io"]
short-name-mode = "enforcing"
credential-helpers = ["pass"]
[[registry]]
prefix = "example.com/foo"
location = "internal.example.net/bar/"
insecure = true
[[registry.mirror]]
location = "mirror-0.local/for-foo"
[[registry.mirror]]
location = "mirror-1.local/foo"
insecure = true
pull-from-mirror = "digest-only"
[[registry]]
location = "registry.com"
blocked = true
[aliases]
"alpine" = "docker.io/alpine"
"fedora" = "registry.fedoraproject.org/fedora"
`,
    });
    assert.deepEqual(config.unqualifiedSearchRegistries, ['example.com', 'docker.io']);
    assert.equal(config.shortNameMode, 'enforcing');
    assert.deepEqual(config.credentialHelpers, ['pass']);
    assert.deepEqual(config.registries[0], {
      prefix: 'example.com/foo',
      location: 'internal.example.net/bar',
      insecure: true,
      blocked: false,
      mirrorByDigestOnly: false,
      mirrors: [
        { location: 'mirror-0.local/for-foo', insecure: false, pullFromMirror: '' },
        { location: 'mirror-1.local/foo', insecure: true, pullFromMirror: 'digest-only' },
      ],
    });
    assert.equal(config.registries[1]?.prefix, 'registry.com');
    assert.equal(config.registries[1]?.blocked, true);
    assert.deepEqual(config.aliases, {
      alpine: 'docker.io/library/alpine',
      fedora: 'registry.fedoraproject.org/fedora',
    });
    assert.equal(config.aliasOrigins['alpine'], SYS);
  });

  it('refuses a file mixing v1 and v2 with the containers/image message and the path', () => {
    const error = loadError({
      [SYS]: `unqualified-search-registries = ["docker.io"]\n[registries.search]\nregistries = ["quay.io"]\n`,
    });
    assert.equal(
      error.message,
      `loading registries configuration "${SYS}": mixing sysregistry v1/v2 is not supported`,
    );
  });

  it('names the file on a TOML syntax error', () => {
    const error = loadError({ [SYS]: 'unqualified-search-registries = [\n' });
    assert.match(
      error.message,
      /^loading registries configuration "\/etc\/containers\/registries.conf": toml: /,
    );
  });

  it('reports wrong value types', () => {
    const error = loadError({ [SYS]: '[[registry]]\nlocation = "a.com"\ninsecure = "yes"\n' });
    assert.match(
      error.message,
      /registry\[0\]\.insecure" has type string; destination has type boolean/,
    );
  });

  it('validates v2 semantics like containers/image', () => {
    const cases: [string, string][] = [
      [
        '[[registry]]\nlocation = "https://a.com"\n',
        "invalid location 'https://a.com': URI schemes are not supported",
      ],
      ['[[registry]]\ninsecure = true\n', 'invalid condition: both location and prefix are unset'],
      [
        '[[registry]]\nprefix = "a.com"\n',
        'invalid condition: location is unset and prefix is not in the format',
      ],
      [
        '[[registry]]\nprefix = "*.a.com/foo"\n',
        'Wildcarded prefix should be in the format: *.example.com.',
      ],
      ['short-name-mode = "sometimes"\n', 'invalid short-name mode: "sometimes"'],
      [
        'unqualified-search-registries = ["a.com/ns"]\n',
        'Invalid unqualified-search-registries entry "a.com/ns"',
      ],
      [
        '[[registry]]\nlocation = "a.com"\n[[registry.mirror]]\nlocation = "m.com"\npull-from-mirror = "never"\n',
        'unsupported pull-from-mirror value "never" for mirror "m.com"',
      ],
      [
        '[[registry]]\nlocation = "a.com"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "m.com"\npull-from-mirror = "all"\n',
        'cannot set mirror usage mirror-by-digest-only for the registry ("a.com")',
      ],
      [
        '[[registry]]\nprefix = "x.com"\nlocation = "a.com"\n[[registry]]\nprefix = "y.com"\nlocation = "a.com"\ninsecure = true\n',
        "registry 'a.com' is defined multiple times with conflicting 'insecure' setting",
      ],
      [
        '[aliases]\n"quay.io/foo" = "quay.io/foo"\n',
        'invalid short name "quay.io/foo": must not contain registry',
      ],
      [
        '[aliases]\n"foo" = "foo/bar"\n',
        'invalid alias "foo/bar": must contain registry and repository',
      ],
      [
        '[aliases]\n"foo" = "quay.io/foo:1"\n',
        'invalid alias "quay.io/foo:1": must not contain tag',
      ],
    ];
    for (const [text, message] of cases) {
      const error = loadError({ [SYS]: text });
      assert.ok(error.message.includes(message), `${error.message} should include ${message}`);
    }
  });

  it('applies drop-ins in lexical order: scalars replaced, registries merged by prefix, aliases erasable', () => {
    const config = load({
      [SYS]: `unqualified-search-registries = ["a.com"]\n[[registry]]\nlocation = "keep.com"\n[[registry]]\nlocation = "over.com"\n[aliases]\n"x" = "a.com/x"\n"y" = "a.com/y"\n`,
      '/etc/containers/registries.conf.d/20-b.conf': `unqualified-search-registries = ["c.com"]\nshort-name-mode = "disabled"\n[[registry]]\nlocation = "over.com"\ninsecure = true\n[aliases]\n"x" = ""\n`,
      '/etc/containers/registries.conf.d/10-a.conf': `unqualified-search-registries = ["b.com"]\n[aliases]\n"z" = "b.com/z"\n`,
      '/etc/containers/registries.conf.d/README': 'not toml [',
      '/etc/containers/registries.conf.d/30.conf/x': 'a directory named *.conf is skipped',
    });
    assert.deepEqual(config.sources, [
      SYS,
      '/etc/containers/registries.conf.d/10-a.conf',
      '/etc/containers/registries.conf.d/20-b.conf',
    ]);
    assert.deepEqual(config.unqualifiedSearchRegistries, ['c.com']);
    assert.equal(
      config.unqualifiedSearchRegistriesOrigin,
      '/etc/containers/registries.conf.d/20-b.conf',
    );
    assert.equal(config.shortNameMode, 'disabled');
    assert.deepEqual(
      config.registries.map((r) => [r.prefix, r.insecure]),
      [
        ['keep.com', false],
        ['over.com', true],
      ],
    );
    assert.deepEqual(config.aliases, { y: 'a.com/y', z: 'b.com/z' });
  });

  it('refuses v1 syntax in a drop-in', () => {
    const error = loadError({
      '/etc/containers/registries.conf.d/a.conf': '[registries.search]\nregistries = ["a.com"]\n',
    });
    assert.equal(
      error.message,
      'loading drop-in registries configuration "/etc/containers/registries.conf.d/a.conf": registry must be in v2 format but is in v1',
    );
  });

  it('uses CONTAINERS_REGISTRIES_CONF instead of the system file, still reading drop-ins', () => {
    const config = load(
      {
        [SYS]: 'unqualified-search-registries = ["system.com"]\n',
        '/tmp/t/registries.conf': '[[registry]]\nlocation = "127.0.0.1:5000"\ninsecure = true\n',
        '/etc/containers/registries.conf.d/shortnames.conf':
          '[aliases]\n"alpine" = "docker.io/library/alpine"\n',
      },
      { env: { CONTAINERS_REGISTRIES_CONF: '/tmp/t/registries.conf' } },
    );
    assert.deepEqual(config.sources, [
      '/tmp/t/registries.conf',
      '/etc/containers/registries.conf.d/shortnames.conf',
    ]);
    assert.deepEqual(config.unqualifiedSearchRegistries, []);
    assert.equal(config.registries[0]?.location, '127.0.0.1:5000');
    assert.equal(config.aliases['alpine'], 'docker.io/library/alpine');
  });

  it('fails when CONTAINERS_REGISTRIES_CONF names a missing file', () => {
    const error = loadError({}, { env: { CONTAINERS_REGISTRIES_CONF: '/nope/registries.conf' } });
    assert.equal(
      error.message,
      'loading registries configuration "/nope/registries.conf": open /nope/registries.conf: no such file or directory',
    );
  });

  it('prefers the per-user file and then reads only the per-user drop-ins', () => {
    const home = '/home/u';
    const config = load(
      {
        [SYS]: 'unqualified-search-registries = ["system.com"]\n',
        '/etc/containers/registries.conf.d/a.conf':
          'unqualified-search-registries = ["sysdropin.com"]\n',
        [`${home}/.config/containers/registries.conf`]:
          'unqualified-search-registries = ["user.com"]\n',
        [`${home}/.config/containers/registries.conf.d/b.conf`]: 'short-name-mode = "enforcing"\n',
      },
      { rootless: true, homeDir: home },
    );
    assert.deepEqual(config.sources, [
      `${home}/.config/containers/registries.conf`,
      `${home}/.config/containers/registries.conf.d/b.conf`,
    ]);
    assert.deepEqual(config.unqualifiedSearchRegistries, ['user.com']);
    assert.equal(config.shortNameMode, 'enforcing');
  });

  it('reads system and per-user drop-ins after the system file when no per-user file exists', () => {
    const home = '/home/u';
    const config = load(
      {
        [SYS]: 'unqualified-search-registries = ["system.com"]\n',
        [`${home}/.config/containers/registries.conf.d/b.conf`]:
          'unqualified-search-registries = ["user.com"]\n',
      },
      { homeDir: home },
    );
    assert.deepEqual(config.unqualifiedSearchRegistries, ['user.com']);
    assert.equal(config.sources.length, 2);
  });
});

describe('findRegistry and pullSources', () => {
  const config = load({
    [SYS]: `[[registry]]
prefix = "example.com"
location = "example.com"
[[registry]]
prefix = "example.com/foo"
location = "internal.example.net/bar"
[[registry.mirror]]
location = "mirror.local/foo"
[[registry.mirror]]
location = "digest.local/foo"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "tag.local/foo"
pull-from-mirror = "tag-only"
[[registry]]
prefix = "*.wild.io"
insecure = true
[[registry]]
prefix = "docker.io/library/alpine"
location = "local.mirror/alpine"
mirror-by-digest-only = true
[[registry.mirror]]
location = "m.local/alpine"
`,
  });

  it('chooses the longest prefix ending at a separator', () => {
    assert.equal(findRegistry(config, 'example.com/foo/img:1')?.prefix, 'example.com/foo');
    assert.equal(findRegistry(config, 'example.com/foobar/img')?.prefix, 'example.com');
    assert.equal(findRegistry(config, 'example.com/foo')?.prefix, 'example.com/foo');
    assert.equal(findRegistry(config, 'example.com:5000/x')?.prefix, 'example.com');
    assert.equal(findRegistry(config, 'other.com/foo'), undefined);
    assert.equal(findRegistry(config, 'example.community/x'), undefined);
  });

  it('matches wildcard prefixes on any subdomain depth but not the bare domain', () => {
    assert.equal(findRegistry(config, 'a.wild.io/x/y:1')?.prefix, '*.wild.io');
    assert.equal(findRegistry(config, 'a.b.wild.io/x')?.prefix, '*.wild.io');
    assert.equal(findRegistry(config, 'wild.io/x'), undefined);
    assert.equal(findRegistry(config, 'notwild.io/x'), undefined);
    assert.equal(findRegistry(config, 'a.com/x.wild.io/y'), undefined);
  });

  it('rewrites the prefix to the location and lists usable mirrors first', () => {
    const registry = findRegistry(config, 'example.com/foo/img:1');
    assert.ok(registry);
    assert.deepEqual(
      pullSources(registry, 'example.com/foo/img:1').map((s) => s.reference),
      ['mirror.local/foo/img:1', 'tag.local/foo/img:1', 'internal.example.net/bar/img:1'],
    );
    const digest = `example.com/foo/img@sha256:${'a'.repeat(64)}`;
    assert.deepEqual(
      pullSources(registry, digest).map((s) => [s.reference.split('@')[0], s.mirror]),
      [
        ['mirror.local/foo/img', true],
        ['digest.local/foo/img', true],
        ['internal.example.net/bar/img', false],
      ],
    );
  });

  it('keeps the reference as-is for a wildcard entry without location', () => {
    const registry = findRegistry(config, 'a.wild.io/x:1');
    assert.ok(registry);
    assert.deepEqual(pullSources(registry, 'a.wild.io/x:1'), [
      { reference: 'a.wild.io/x:1', insecure: true, mirror: false },
    ]);
  });

  it('uses mirrors only for digests with mirror-by-digest-only', () => {
    const registry = findRegistry(config, 'docker.io/library/alpine:3');
    assert.ok(registry);
    assert.deepEqual(
      pullSources(registry, 'docker.io/library/alpine:3').map((s) => s.reference),
      ['local.mirror/alpine:3'],
    );
    assert.equal(
      pullSources(registry, `docker.io/library/alpine@sha256:${'b'.repeat(64)}`).length,
      2,
    );
  });
});

describe('registriesInfo', () => {
  it('has podman info fields per prefix and the search list', () => {
    const config = load({
      [SYS]: `unqualified-search-registries = ["docker.io"]\n[[registry]]\nlocation = "localhost:5000"\ninsecure = true\n[[registry]]\nlocation = "r.com"\n[[registry.mirror]]\nlocation = "m.com"\n`,
    });
    assert.deepEqual(registriesInfo(config), {
      'localhost:5000': {
        Prefix: 'localhost:5000',
        Location: 'localhost:5000',
        Insecure: true,
        PullFromMirror: '',
        Mirrors: null,
        Blocked: false,
        MirrorByDigestOnly: false,
      },
      'r.com': {
        Prefix: 'r.com',
        Location: 'r.com',
        Insecure: false,
        PullFromMirror: '',
        Mirrors: [{ Location: 'm.com', Insecure: false, PullFromMirror: '' }],
        Blocked: false,
        MirrorByDigestOnly: false,
      },
      search: ['docker.io'],
    });
    assert.deepEqual(registriesInfo(load({})), {});
  });
});

describe('short-name alias cache', () => {
  it('takes precedence over registries.conf aliases and can erase one', () => {
    const root = tree({
      [SYS]: '[aliases]\n"a" = "conf.io/a"\n"b" = "conf.io/b"\n"c" = "conf.io/c"\n',
      '/var/cache/containers/short-name-aliases.conf': '[aliases]\n"a" = "cache.io/a"\n"b" = ""\n',
    });
    const config = loadRegistriesConfig({
      env: {},
      rootless: false,
      homeDir: '/root',
      fsRoot: root,
    });
    assert.equal(config.shortNameAliasesPath, '/var/cache/containers/short-name-aliases.conf');
    const cache = loadShortNameAliasCache(nodeConfigFs(root), config.shortNameAliasesPath);
    assert.equal(resolveShortNameAlias(config, cache, 'a')?.value, 'cache.io/a');
    assert.equal(resolveShortNameAlias(config, cache, 'b')?.value, null);
    assert.deepEqual(resolveShortNameAlias(config, cache, 'c'), {
      value: 'conf.io/c',
      origin: SYS,
    });
    assert.equal(resolveShortNameAlias(config, cache, 'd'), undefined);
  });

  it('lives under XDG_CACHE_HOME or ~/.cache for rootless users', () => {
    const base = { rootless: true, homeDir: '/home/u', fsRoot: tree({}) };
    assert.equal(
      loadRegistriesConfig({ ...base, env: {} }).shortNameAliasesPath,
      '/home/u/.cache/containers/short-name-aliases.conf',
    );
    assert.equal(
      loadRegistriesConfig({ ...base, env: { XDG_CACHE_HOME: '/xdg' } }).shortNameAliasesPath,
      '/xdg/containers/short-name-aliases.conf',
    );
  });
});
