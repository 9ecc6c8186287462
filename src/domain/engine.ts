// THE interface both front ends (CLI, later the REST API) call. Options and reports are plain
// JSON data, bytes move through the streams a verb is given; policy (name resolution, --all,
// filters) lives behind it in domain/local. open-engine.ts picks the implementation.
import type { NetworkApi } from './network-reports.ts';
import type {
  EngineEvent,
  EventsOptions,
  SystemInfoReport,
  VersionReport,
} from './system-reports.ts';
import type {
  ImageImportOptions,
  ImageImportReport,
  ImageListOptions,
  ImagePullOptions,
  ImagePullReport,
  ImagePullReporter,
  ImageSummary,
  ImageLoadOptions,
  ImageLoadReport,
  ImagePushOptions,
  ImagePushReport,
  ImagePushReporter,
  ImageSaveOptions,
  RemoteInspectOptions,
  RemoteInspectReport,
} from './image-reports.ts';
import type { LocalImageVerbs } from './image-verbs.ts';
import type { AttachIo, CallContext } from './container-io.ts';
import type {
  ImageSearchOptions,
  ImageSearchResult,
  LoginLookupOptions,
  LoginOptions,
  LoginReport,
  LogoutOptions,
  LogoutReport,
} from './registry-reports.ts';
import type {
  ContainerExecApi,
  ContainerKillOptions,
  ContainerListOptions,
  ContainerLogsOptions,
  ContainerRemoveOptions,
  ContainerCreateReporter,
  ContainerRunOptions,
  ContainerRunReport,
  ContainerStartOptions,
  ContainerStopOptions,
  ContainerSummary,
  ContainerVerbReport,
  LogLine,
  ContainerMoreVerbs,
} from './container-reports.ts';
import type {
  ContainerFsApi,
  ContainerMountOptions,
  ContainerRemoveVolumeOptions,
  VolumeApi,
} from './volume-reports.ts';

export interface SystemApi {
  info(): Promise<SystemInfoReport>;
  version(): VersionReport;
  /**
   * `events`: emits the recorded events that match, oldest first; with stream, then follows new
   * ones (from any process) until options.until passes or signal aborts. Resolves when done.
   */
  events(
    options: EventsOptions,
    emit: (event: EngineEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

/** push, save, load and remote inspect: images leaving or entering local storage as blobs. */
export interface ImageTransferApi {
  /** `push IMAGE [DEST]`: layers skipped when the registry has them, else uploaded (gzip). */
  push(options: ImagePushOptions, reporter?: ImagePushReporter): Promise<ImagePushReport>;
  /** `save`: docker-archive (several images) or oci-archive into options.output. */
  save(options: ImageSaveOptions): Promise<void>;
  /** `load`: docker-archive or oci-archive (plain or gzip); layers verified against diffIDs. */
  load(options: ImageLoadOptions): Promise<ImageLoadReport>;
  /** `image inspect docker://REF`: what skopeo inspect prints, without pulling. */
  inspectRemote(options: RemoteInspectOptions): Promise<RemoteInspectReport>;
}

export interface ImageApi extends LocalImageVerbs, ImageTransferApi {
  import(options: ImageImportOptions): Promise<ImageImportReport>;
  list(options: ImageListOptions): Promise<ImageSummary[]>;
  /** `pull`: fetches an image (or, with allTags, every tag) into local storage; progress as events. */
  pull(options: ImagePullOptions, reporter?: ImagePullReporter): Promise<ImagePullReport>;
  /** `search`: v2 catalogs (or one repository's tags) of the search registries. */
  search(options: ImageSearchOptions): Promise<ImageSearchResult[]>;
}

/** login / logout: credentials checked against the registry, then kept in auth.json. */
export interface RegistryApi {
  login(options: LoginOptions): Promise<LoginReport>;
  logout(options: LogoutOptions): Promise<LogoutReport>;
  /** `login --get-login`: the stored username; NOT_LOGGED_IN when there is none. */
  loginUsername(options: LoginLookupOptions): Promise<string>;
}

export interface ContainerApi extends ContainerMoreVerbs, ContainerExecApi {
  /**
   * Creates, starts and (unless detached) waits for a container; returns its exit status. A
   * foreground run relays the container's stdio through `io` (without it, only waits); warnings
   * (such as dropped port bindings) go to the reporter.
   */
  run(
    options: ContainerRunOptions & ContainerMountOptions,
    io?: AttachIo,
    reporter?: ContainerCreateReporter,
  ): Promise<ContainerRunReport>;
  /** conmon's exit command: unmount, delete runtime state, honour --rm. Idempotent. */
  cleanup(nameOrId: string, runId?: string): Promise<void>;
  list(options: ContainerListOptions): Promise<ContainerSummary[]>;
  stop(options: ContainerStopOptions): Promise<ContainerVerbReport[]>;
  kill(options: ContainerKillOptions): Promise<ContainerVerbReport[]>;
  remove(
    options: ContainerRemoveOptions & ContainerRemoveVolumeOptions,
  ): Promise<ContainerVerbReport[]>;
  /** With options.attach, the container's stdio goes through io's streams (no tty handling). */
  start(options: ContainerStartOptions, io?: AttachIo): Promise<ContainerVerbReport[]>;
  /**
   * Emits each log line (in order per container) as it is read; with follow, until the
   * containers stop or context.signal aborts.
   */
  logs(
    options: ContainerLogsOptions,
    emit: (line: LogLine) => void,
    context?: CallContext,
  ): Promise<void>;
  /** podman's InspectContainerData per ref; unknown refs are reported as errors. */
  inspect(
    refs: string[],
    latest: boolean,
  ): Promise<{ data: Record<string, unknown>[]; errors: ContainerVerbReport[] }>;
}

export interface Engine extends AsyncDisposable {
  readonly system: SystemApi;
  readonly images: ImageApi;
  readonly registries: RegistryApi;
  /** The lifecycle verbs plus the filesystem verbs (cp, diff, mount, export, commit). */
  readonly containers: ContainerApi & ContainerFsApi;
  readonly volumes: VolumeApi;
  readonly networks: NetworkApi;
}
