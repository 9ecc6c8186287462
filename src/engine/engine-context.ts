// The composition root: resolves paths, opens the state DB and stores, and probes the host
// lazily (runtime, conmon, configs) so a command pays only for what it uses.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { resolvePaths, type BerthPaths } from '../config/paths.ts';
import { SqliteState } from '../storage/sqlite-state.ts';
import { ContentStore } from '../storage/content-store.ts';
import { openLayerStore, type LayerStore } from '../storage/layer-store.ts';
import { detectCgroupLayout, type CgroupLayout } from '../host/cgroup-layout.ts';
import { probeRuntime, type RuntimeChoice } from '../host/runtime-probe.ts';
import { findConmon, type ConmonInfo } from '../host/conmon-probe.ts';
import { overlaySupported } from '../host/mount.ts';
import {
  containersConfMentions,
  loadContainersConfig,
  type ContainersConfig,
  type ContainersConfigOptions,
} from '../config/containers-conf.ts';
import type { TomlTable } from '../config/toml-values.ts';
import type { GlobalOptions, StorageDriverName } from '../domain/global-options.ts';
import { conmonMonitor, kernelMounts, type HostRoles } from './host-roles.ts';
import { cliRuntimeFor } from './container-runtime.ts';
import { EventLog } from './event-log.ts';

export type { ImageRecord } from '../storage/image-records.ts';

export class EngineContext implements AsyncDisposable {
  private layoutPromise: Promise<CgroupLayout> | undefined;
  private runtimePromise: Promise<RuntimeChoice> | undefined;
  private conmonPromise: Promise<ConmonInfo> | undefined;
  private containersConfig: ContainersConfig | undefined;
  private hostRoles: HostRoles | undefined;
  private eventLog: EventLog | undefined;

  private constructor(
    readonly options: GlobalOptions,
    readonly paths: BerthPaths,
    readonly state: SqliteState,
    readonly content: ContentStore,
    readonly layers: LayerStore,
    readonly storageDriver: StorageDriverName,
  ) {}

  static async open(options: GlobalOptions): Promise<EngineContext> {
    const uid = process.getuid?.() ?? 0;
    const resolveOptions: Parameters<typeof resolvePaths>[0] = { uid, env: options.env };
    if (options.root !== undefined) resolveOptions.rootOverride = options.root;
    if (options.runroot !== undefined) resolveOptions.runrootOverride = options.runroot;
    const paths = resolvePaths(resolveOptions);
    ensureWritableDir(paths.root, '--root');
    ensureWritableDir(paths.runroot, '--runroot');
    const state = SqliteState.open(join(paths.root, 'berth.db'));
    const content = new ContentStore(paths.root);
    const storageDriver = await chooseStorageDriver(options.storageDriver, paths);
    const layers = openLayerStore(storageDriver, paths.root, state);
    return new EngineContext(options, paths, state, content, layers, storageDriver);
  }

  /**
   * A context over parts made elsewhere (unit tests: a temp state DB, a fake layer store, fake
   * host roles, a fixed runtime and conmon); open() is the real one.
   */
  static assemble(parts: {
    options: GlobalOptions;
    paths: BerthPaths;
    state: SqliteState;
    content: ContentStore;
    layers: LayerStore;
    storageDriver: StorageDriverName;
    roles?: HostRoles;
    runtime?: RuntimeChoice;
    conmon?: ConmonInfo;
    config?: ContainersConfig;
  }): EngineContext {
    const ctx = new EngineContext(
      parts.options,
      parts.paths,
      parts.state,
      parts.content,
      parts.layers,
      parts.storageDriver,
    );
    ctx.hostRoles = parts.roles;
    if (parts.runtime) ctx.runtimePromise = Promise.resolve(parts.runtime);
    if (parts.conmon) ctx.conmonPromise = Promise.resolve(parts.conmon);
    ctx.containersConfig = parts.config;
    return ctx;
  }

  /** The OCI runtime, monitor and mounts the lifecycle drives (real ones unless assembled with others). */
  get roles(): HostRoles {
    this.hostRoles ??= {
      runtimeFor: (id, recorded) => cliRuntimeFor(this, id, recorded),
      monitor: conmonMonitor,
      mounts: kernelMounts,
    };
    return this.hostRoles;
  }

  cgroupLayout(): Promise<CgroupLayout> {
    this.layoutPromise ??= detectCgroupLayout();
    return this.layoutPromise;
  }

  /** The OCI runtime that works here (crun unless this host's cgroups rule it out). */
  runtime(): Promise<RuntimeChoice> {
    this.runtimePromise ??= this.cgroupLayout().then(async (layout) => {
      const choice = await probeRuntime({
        requested: this.options.runtime ?? configuredRuntime(this.config()),
        layout,
        cacheDir: this.paths.runroot,
      });
      log.info(`using OCI runtime ${choice.name} (${choice.path}): ${choice.reason}`);
      return choice;
    });
    return this.runtimePromise;
  }

  conmon(): Promise<ConmonInfo> {
    this.conmonPromise ??= findConmon({
      cacheDir: this.paths.runroot,
      ...conmonPathsOption(this.config()),
    });
    return this.conmonPromise;
  }

  config(): ContainersConfig {
    this.containersConfig ??= loadContainersConfig(this.configOptions());
    return this.containersConfig;
  }

  private configOptions(): ContainersConfigOptions {
    return { env: this.options.env, rootless: this.paths.rootless, homeDir: homedir() };
  }

  /** Where every verb records its events (containers.conf's events_logger, events_logfile_*). */
  events(): EventLog {
    // Verbs such as stop and rm need nothing else from containers.conf: its full load (a TOML
    // parse) happens only when a file mentions the events settings at all.
    this.eventLog ??= EventLog.configured(
      () =>
        this.containersConfig !== undefined ||
        containersConfMentions(this.configOptions(), 'events_log')
          ? (this.config().raw['engine'] as TomlTable | undefined)
          : undefined,
      this.paths.runroot,
      (id) => this.state.images.get(id)?.names[0],
    );
    return this.eventLog;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.state.close();
  }
}

/** engine.runtime only when a containers.conf file sets it: podman's built-in default (crun) is a preference, not a demand. */
function configuredRuntime(config: ContainersConfig): string | undefined {
  const engine = config.raw['engine'];
  const runtime =
    typeof engine === 'object' && engine !== null
      ? (engine as Record<string, unknown>)['runtime']
      : undefined;
  return typeof runtime === 'string' && runtime !== '' ? runtime : undefined;
}

function conmonPathsOption(config: ContainersConfig): { conmonPaths?: readonly string[] } {
  const paths = config.engine.conmonPath;
  return paths.length > 0 ? { conmonPaths: paths } : {};
}

function ensureWritableDir(path: string, flag: string): void {
  try {
    makeDirs(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new BerthError('ROOT_UNWRITABLE', `cannot create ${path}: ${code}`, {
      hint: `run berth as a user who may write there, or choose another directory with ${flag} DIR`,
      cause: error,
    });
  }
}

/**
 * mkdir -p, one level at a time: node's recursive mkdirSync spins forever under /proc (it
 * retries the parent on ENOENT), and an unwritable root must fail with one clear sentence.
 */
function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const dir of missing) mkdirSync(dir, { mode: 0o700 });
}

async function chooseStorageDriver(
  requested: StorageDriverName | undefined,
  paths: BerthPaths,
): Promise<StorageDriverName> {
  if (requested === 'vfs') return 'vfs';
  if (await overlaySupported(paths.root, paths.runroot)) return 'overlay';
  if (requested === 'overlay') {
    throw new BerthError(
      'STORAGE',
      `overlay is not supported over the file system of ${paths.root}`,
      {
        hint: 'use --storage-driver vfs',
      },
    );
  }
  log.info(`overlay cannot mount under ${paths.root}: using the vfs storage driver`);
  return 'vfs';
}
