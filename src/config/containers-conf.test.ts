import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import {
  containersConfMentions,
  loadContainersConfig,
  type ContainersConfigOptions,
} from './containers-conf.ts';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function load(files: Record<string, string>, extra: Partial<ContainersConfigOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'berth-ctrconf-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return loadContainersConfig({
    env: {},
    rootless: false,
    homeDir: '/root',
    fsRoot: root,
    ...extra,
  });
}

function loadError(
  files: Record<string, string>,
  extra: Partial<ContainersConfigOptions> = {},
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

const USR = '/usr/share/containers/containers.conf';
const ETC = '/etc/containers/containers.conf';

describe('loadContainersConfig', () => {
  it("fills podman's defaults when no file exists", () => {
    const config = load({});
    assert.deepEqual(config.sources, []);
    assert.deepEqual(config.containers.defaultCapabilities, [
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
      'CAP_FOWNER',
      'CAP_FSETID',
      'CAP_KILL',
      'CAP_NET_BIND_SERVICE',
      'CAP_SETFCAP',
      'CAP_SETGID',
      'CAP_SETPCAP',
      'CAP_SETUID',
      'CAP_SYS_CHROOT',
    ]);
    assert.deepEqual(config.containers.env, [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'TERM=xterm',
    ]);
    assert.equal(config.containers.pidsLimit, 2048);
    assert.equal(config.containers.logDriver, 'k8s-file');
    assert.equal(config.containers.logSizeMax, -1);
    assert.equal(config.containers.shmSize, '65536k');
    assert.equal(config.containers.umask, '0022');
    assert.equal(config.containers.httpProxy, true);
    assert.deepEqual(config.containers.defaultUlimits, []);
    assert.equal(config.containers.seccompProfile, '/usr/share/containers/seccomp.json');
    assert.equal(config.engine.stopTimeout, 10);
    assert.equal(config.engine.runtime, 'crun');
    assert.equal(config.engine.imageDefaultTransport, 'docker://');
    assert.ok(config.engine.runtimes['runc']?.includes('/usr/bin/runc'));
    assert.equal(config.network.defaultNetwork, 'berth');
    assert.equal(config.network.defaultSubnet, '10.88.0.0/16');
  });

  it('merges /usr/share, /etc and /etc drop-ins in order, key by key', () => {
    const config = load({
      [USR]:
        '[containers]\npids_limit = 100\nlog_driver = "journald"\ndefault_capabilities = ["chown", "CAP_KILL"]\n[engine]\nruntime = "crun"\n[engine.runtimes]\ncrun = ["/opt/crun"]\n',
      [ETC]: '[containers]\npids_limit = 200\n[engine.runtimes]\nrunc = ["/opt/runc"]\n',
      '/etc/containers/containers.conf.d/20-b.conf':
        '[containers]\ndefault_ulimits = ["nofile=1024:1024"]\n',
      '/etc/containers/containers.conf.d/10-a.conf':
        '[containers]\ndefault_ulimits = ["nproc=1:1"]\ntz = "UTC"\n[engine]\nruntime = "runc"\n',
      '/etc/containers/containers.conf.d/notes.txt': 'not toml [',
    });
    assert.deepEqual(config.sources, [
      USR,
      ETC,
      '/etc/containers/containers.conf.d/10-a.conf',
      '/etc/containers/containers.conf.d/20-b.conf',
    ]);
    assert.equal(config.containers.pidsLimit, 200);
    assert.equal(config.containers.logDriver, 'journald');
    assert.deepEqual(config.containers.defaultCapabilities, ['CAP_CHOWN', 'CAP_KILL']);
    assert.deepEqual(config.containers.defaultUlimits, ['nofile=1024:1024']);
    assert.equal(config.containers.tz, 'UTC');
    assert.equal(config.engine.runtime, 'runc');
    assert.deepEqual(config.engine.runtimes['crun'], ['/opt/crun']);
    assert.deepEqual(config.engine.runtimes['runc'], ['/opt/runc']);
    assert.ok(config.engine.runtimes['kata'], 'built-in runtimes stay');
  });

  it('reads the per-user file and drop-ins only for rootless users, honouring XDG_CONFIG_HOME', () => {
    const files = {
      [ETC]: '[containers]\npids_limit = 200\n',
      '/home/u/.config/containers/containers.conf': '[containers]\npids_limit = 300\n',
      '/xdg/containers/containers.conf.d/a.conf': '[containers]\npids_limit = 400\n',
    };
    assert.equal(load(files, { homeDir: '/home/u' }).containers.pidsLimit, 200);
    assert.equal(load(files, { rootless: true, homeDir: '/home/u' }).containers.pidsLimit, 300);
    assert.equal(
      load(files, { rootless: true, homeDir: '/home/u', env: { XDG_CONFIG_HOME: '/xdg' } })
        .containers.pidsLimit,
      400,
    );
  });

  it('reads only CONTAINERS_CONF when set, then CONTAINERS_CONF_OVERRIDE last', () => {
    const files = {
      [ETC]: '[containers]\npids_limit = 200\ntz = "etc"\n',
      '/etc/containers/containers.conf.d/a.conf': '[containers]\numask = "0077"\n',
      '/t/only.conf': '[containers]\npids_limit = 5\n',
      '/t/override.conf': '[containers]\ntz = "override"\n',
    };
    const only = load(files, { env: { CONTAINERS_CONF: '/t/only.conf' } });
    assert.deepEqual(only.sources, ['/t/only.conf']);
    assert.equal(only.containers.pidsLimit, 5);
    assert.equal(only.containers.umask, '0022');
    const override = load(files, { env: { CONTAINERS_CONF_OVERRIDE: '/t/override.conf' } });
    assert.deepEqual(override.sources, [
      ETC,
      '/etc/containers/containers.conf.d/a.conf',
      '/t/override.conf',
    ]);
    assert.equal(override.containers.tz, 'override');
    assert.equal(override.containers.umask, '0077');
  });

  it('fails when an environment variable names a missing file', () => {
    assert.equal(
      loadError({}, { env: { CONTAINERS_CONF: '/nope.conf' } }).message,
      'finding config on system: CONTAINERS_CONF file: stat /nope.conf: no such file or directory',
    );
    assert.equal(
      loadError({}, { env: { CONTAINERS_CONF_OVERRIDE: '/nope.conf' } }).message,
      'CONTAINERS_CONF_OVERRIDE file: stat /nope.conf: no such file or directory',
    );
  });

  it('names the file on a syntax or type error', () => {
    assert.match(
      loadError({ [ETC]: '[containers\n' }).message,
      /^reading system config "\/etc\/containers\/containers.conf": decode configuration \/etc\/containers\/containers.conf: toml: /,
    );
    assert.match(
      loadError({ [ETC]: '[containers]\npids_limit = "many"\n' }).message,
      /"containers.pids_limit" has type string; destination has type integer/,
    );
  });

  it('prefers /etc/containers/seccomp.json when present', () => {
    assert.equal(
      load({ '/etc/containers/seccomp.json': '{}' }).containers.seccompProfile,
      '/etc/containers/seccomp.json',
    );
  });

  it('keeps unknown keys in raw', () => {
    const config = load({ [ETC]: '[machine]\ncpus = 2\n' });
    assert.deepEqual(config.raw['machine'], { cpus: 2 });
  });
});

describe('containersConfMentions', () => {
  function mentions(
    files: Record<string, string>,
    text: string,
    env: Record<string, string> = {},
  ): boolean {
    const root = mkdtempSync(join(tmpdir(), 'berth-ctrconf-'));
    roots.push(root);
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), body);
    }
    return containersConfMentions({ env, rootless: false, homeDir: '/root', fsRoot: root }, text);
  }

  it('finds the text in any file that would be merged, drop-ins included, and not elsewhere', () => {
    assert.equal(
      mentions({ '/usr/share/containers/containers.conf': '[engine]\n' }, 'events_log'),
      false,
    );
    assert.equal(
      mentions(
        { '/etc/containers/containers.conf.d/10-ev.conf': '[engine]\nevents_logger = "none"\n' },
        'events_log',
      ),
      true,
    );
    assert.equal(
      mentions({ '/etc/containers/other.conf': 'events_logger = "none"\n' }, 'events_log'),
      false,
    );
  });

  it('a file named by CONTAINERS_CONF that is missing counts as a mention (the full load reports it)', () => {
    assert.equal(mentions({}, 'events_log', { CONTAINERS_CONF: '/nowhere.conf' }), true);
    assert.equal(
      mentions({ '/c.conf': '[engine]\nevents_logfile_path = "/x"\n' }, 'events_log', {
        CONTAINERS_CONF: '/c.conf',
      }),
      true,
    );
  });
});
