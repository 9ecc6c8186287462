// Options and reports for container verbs. Option names state the podman flag they mirror.

export interface ContainerRunOptions {
  /** IMAGE argument: name, short name or ID prefix of a local image. */
  image: string;
  /** [COMMAND [ARG...]] after the image; empty = the image's Entrypoint/Cmd. */
  command: string[];
  /** --name; default a generated adjective_noun name. */
  name?: string;
  /** --rm */
  remove: boolean;
  /** -d/--detach */
  detach: boolean;
  /** --detach-keys for a foreground run, as podman spells them ("ctrl-p,ctrl-q"); "" disables. */
  detachKeys?: string;
  /** --replace: remove an existing container of the same name first (requires --name). */
  replace?: boolean;
  /** -i/--interactive */
  interactive: boolean;
  /** -t/--tty */
  tty: boolean;
  /** -e/--env KEY=VAL or KEY (taken from the host env) */
  env: string[];
  /** -w/--workdir */
  workdir?: string;
  /** -h/--hostname */
  hostname?: string;
  /** --entrypoint, as a JSON array or a single string */
  entrypoint?: string;
  /** -u/--user */
  user?: string;
  /** -p/--publish [IP:][HOSTPORT:]CTRPORT[/PROTO], repeatable; no HOSTPORT = a free one. Bridge only: discarded with a warning otherwise */
  publish?: string[];
  /** -P/--publish-all: the image's EXPOSEd ports and --expose ones to free host ports (default false) */
  publishAll?: boolean;
  /** --expose PORT[-END][/PROTO], repeatable */
  expose?: string[];
  /** --pull: always, missing (default), never, newer */
  pull?: string;
  /** The command line as typed (argv[0] name first): inspect's Config.CreateCommand. Only the CLI knows it. */
  createCommand?: string[];
  /** -v/--volume [SOURCE:]DEST[:OPTIONS], repeatable */
  volumes: string[];
  /** --network none|host (the bridge comes with the networking issue); default none for now */
  network?: string;
  /** Security, resource and lifecycle flags (--privileged, --label, --restart, …). */
  flags?: ContainerRunFlags;
  /** --ip, --mac-address, --network-alias, --dns, --dns-search, --dns-option, --add-host. */
  networkFlags?: import('./network-reports.ts').ContainerNetworkFlags;
}

/** What run and create report before the container runs: podman's warnings (the CLI prints each line on stderr). */
export type ContainerCreateEvent = { kind: 'warning'; message: string };

export type ContainerCreateReporter = (event: ContainerCreateEvent) => void;

export interface ContainerRunReport {
  id: string;
  /** The container's exit status for attached runs; undefined for -d. */
  exitCode?: number;
}

/** One container as `ps --format json` shows it (podman's ListContainer). */
export interface ContainerSummary {
  AutoRemove: boolean;
  Command: string[];
  /** Unix seconds. */
  Created: number;
  CreatedAt: string;
  Exited: boolean;
  /** Unix seconds; 0 while it never exited. */
  ExitedAt: number;
  ExitCode: number;
  Id: string;
  Image: string;
  ImageID: string;
  IsInfra: boolean;
  Labels: Record<string, string> | null;
  /** With ps --size: bytes in the writable layer, and those plus the image's. */
  Size?: { rootFsSize: number; rwSize: number };
  /** How many times the restart policy started it again. */
  Restarts: number;
  Mounts: string[];
  Names: string[];
  Networks: string[];
  Pid: number;
  Pod: string;
  PodName: string;
  /** Published ports (podman's PortMapping JSON names); null without any. */
  Ports:
    | {
        host_ip: string;
        container_port: number;
        host_port: number;
        range: number;
        protocol: string;
      }[]
    | null;
  /** Unix seconds; 0 while never started. */
  StartedAt: number;
  /** created, running, paused, stopping, exited */
  State: string;
  Status: string;
}

export interface ContainerListOptions {
  /** -a/--all: also containers that are not running. */
  all: boolean;
  /** -l/--latest: only the most recently created. */
  latest: boolean;
  /** -n/--last N: the N most recently created (-1 = all). */
  last: number;
  /** --filter KEY=VALUE (id, name, status, ancestor, label, exited), repeatable; same keys AND-ed as podman does... */
  filters: string[];
  /** -s/--size: fill Size (the writable layer and the whole rootfs). */
  size?: boolean;
}

export interface ContainerStopOptions {
  refs: string[];
  /** -a/--all */
  all: boolean;
  /** -l/--latest: the most recently created container. */
  latest?: boolean;
  /** -i/--ignore: no error for unknown containers. */
  ignore: boolean;
  /** -t/--time: seconds to wait before SIGKILL; default the container's stop timeout (10). */
  timeoutSeconds?: number;
}

export interface ContainerKillOptions {
  refs: string[];
  all: boolean;
  /** -s/--signal, default KILL. */
  signal: string;
}

export interface ContainerRemoveOptions {
  refs: string[];
  all: boolean;
  /** -f/--force: stop running containers first. */
  force: boolean;
  ignore: boolean;
  /** -t/--time for the stop that -f does. */
  timeoutSeconds?: number;
}

export interface ContainerStartOptions {
  refs: string[];
  all: boolean;
  /** -a/--attach: attach to the (single) container's output and return its exit status. */
  attach: boolean;
  /** -i/--interactive */
  interactive: boolean;
}

/** The outcome for one container of a multi-container verb: podman prints `ref` or the error. */
export interface ContainerVerbReport {
  /** What the user typed (podman echoes it), or the full ID for --all. */
  ref: string;
  id?: string;
  /** As data (the CLI's exit status comes from its code); BerthError.fromData rebuilds it. */
  error?: import('../lib/berth-error.ts').ErrorData;
  /** start -a: the container's exit status. */
  exitCode?: number;
}

/** `exec` (and the REST API's exec create): the session's process, podman's flags. */
export interface ExecCreateOptions {
  /** CONTAINER, or undefined with -l/--latest. */
  ref?: string;
  latest: boolean;
  command: string[];
  /** -t/--tty */
  tty: boolean;
  /** -i/--interactive: the process reads the stdin stream given at start. */
  interactive: boolean;
  /** -e/--env: KEY=VAL, or KEY for the client's value. */
  env: string[];
  /** -u/--user; default the container's user. */
  user?: string;
  /** -w/--workdir; default the container's. */
  workdir?: string;
  /** --privileged: the process gets every capability of the host's bounding set. */
  privileged?: boolean;
}

export interface ContainerExecOptions extends ExecCreateOptions {
  /** -d/--detach: start it and return its session id at once. */
  detach: boolean;
}

export interface TerminalSize {
  rows: number;
  columns: number;
}

/** The caller's ends of a session's stdio (its own terminal, a hijacked HTTP connection…). */
export interface ExecStreams {
  stdout: NodeJS.WritableStream;
  /** With -t everything arrives on stdout. */
  stderr: NodeJS.WritableStream;
  /** Forwarded with -i; its end closes the process's stdin. */
  stdin?: NodeJS.ReadableStream;
  /** -t: the window size before the process starts, and each later one. */
  terminal?: {
    size?: TerminalSize;
    /** Calls listener with every new size; returns the unsubscribe. */
    onResize(listener: (size: TerminalSize) => void): () => void;
  };
  /** --detach-keys as bytes; default ctrl-p,ctrl-q; empty disables. */
  detachKeys?: Buffer;
}

export interface ContainerExecReport {
  /** 64 hex characters; `exec -d` prints it. */
  sessionId: string;
  /** The process's exit status; undefined when detached (-d or the detach keys). */
  exitCode?: number;
}

/** podman's (and Docker's) InspectExecSession. */
export interface ExecSessionReport {
  ID: string;
  ContainerID: string;
  Running: boolean;
  /** The exec'd process's host pid; 0 before it starts. */
  Pid: number;
  /** 0 until it exits. */
  ExitCode: number;
  /** created, running or exited (berth's addition: Running alone does not tell created from exited). */
  State: 'created' | 'running' | 'exited';
  CanRemove: boolean;
  DetachKeys: string;
  OpenStdin: boolean;
  OpenStdout: boolean;
  OpenStderr: boolean;
  ProcessConfig: {
    arguments: string[];
    entrypoint: string;
    privileged: boolean;
    tty: boolean;
    user: string;
  };
}

/** Exec sessions: what `exec` and the REST API's /exec endpoints need. */
export interface ContainerExecApi {
  /**
   * `exec`: creates a session and starts it. Attached, resolves with the exit status once the
   * process ends and drops the session, as podman does; with detach, once it runs (the session
   * stays, in the container's ExecIDs). 126/127 errors when the command cannot be run.
   */
  exec(options: ContainerExecOptions, streams: ExecStreams): Promise<ContainerExecReport>;
  /** A session in state created (POST /containers/{id}/exec). */
  execCreate(options: ExecCreateOptions): Promise<{ sessionId: string }>;
  /** Runs a created session: attached to streams until it ends, or detached without them. */
  execStart(sessionId: string, streams?: ExecStreams): Promise<ContainerExecReport>;
  execInspect(sessionId: string): Promise<ExecSessionReport>;
  /** The running session's pty takes this size. */
  execResize(sessionId: string, size: TerminalSize): Promise<void>;
  /** conmon's exit command for a session (`container cleanup --exec SESSION CONTAINER`): records its exit status. Idempotent. */
  execCleanup(nameOrId: string, sessionId: string): Promise<void>;
}

export interface ContainerLogsOptions {
  refs: string[];
  /** -f/--follow */
  follow: boolean;
  /** --tail N; -1 = all */
  tail: number;
  /** -t/--timestamps */
  timestamps: boolean;
  /** --since / --until: RFC 3339, Unix seconds or a duration like 10m (already parsed to ms since epoch). */
  sinceMs?: number;
  untilMs?: number;
  /** -n/--names: prefix lines with the container name (default when several containers). */
  names: boolean;
  latest: boolean;
}

export interface LogLine {
  name: string;
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, as conmon wrote it. */
  timestamp: string;
  /** The line as a string (UTF-8, not bytes) including its newline (partial lines joined). */
  text: string;
}

/** run/create flags beyond the basics, as typed (parsed and checked in domain/local). */
export interface ContainerRunFlags {
  /** --label KEY=VALUE (and --label-file lines already read by the client) */
  labels?: string[];
  /** --annotation KEY=VALUE */
  annotations?: string[];
  /** --privileged */
  privileged?: boolean;
  /** --cap-add / --cap-drop */
  capAdd?: string[];
  capDrop?: string[];
  /** --read-only; --read-only-tmpfs (default true) */
  readOnly?: boolean;
  readOnlyTmpfs?: boolean;
  /** --tmpfs DEST[:OPTIONS] */
  tmpfs?: string[];
  /** --stop-signal; default the image's StopSignal, else SIGTERM */
  stopSignal?: string;
  /** --stop-timeout seconds; default 10 */
  stopTimeoutSeconds?: number;
  /** --restart no|always|on-failure[:N]|unless-stopped */
  restart?: string;
  /** --ulimit TYPE=SOFT[:HARD] */
  ulimits?: string[];
  /** --pids-limit; default containers.conf pids_limit */
  pidsLimit?: number;
  /** --memory, e.g. 512m */
  memory?: string;
  /** --cpus, e.g. 1.5 */
  cpus?: number;
  /** --shm-size, e.g. 64m (default) */
  shmSize?: string;
  /** --log-driver k8s-file (default) | none | passthrough */
  logDriver?: string;
  /** --init: catatonit as the container's PID 1; --init-path another init binary. */
  init?: boolean;
  initPath?: string;
  /** --cgroups enabled (default) | disabled | no-conmon | split */
  cgroups?: string;
  /** --sdnotify container (default) | conmon | ignore */
  sdNotify?: string;
}

/** `wait`: podman's flags. */
export interface ContainerWaitOptions {
  refs: string[];
  latest: boolean;
  ignore: boolean;
  /** --condition, repeatable; default stopped. */
  conditions: string[];
  /** -i/--interval in ms; default 250. */
  intervalMs: number;
}

/** pause, unpause, port: which containers. */
export interface ContainerSelectOptions {
  refs: string[];
  all: boolean;
  latest: boolean;
}

export interface ContainerRestartOptions extends ContainerSelectOptions {
  /** --running: with --all, only the running ones. */
  running: boolean;
  /** -t/--time */
  timeoutSeconds?: number;
}

export interface ContainerAttachOptions {
  ref?: string;
  latest: boolean;
  /** --no-stdin */
  noStdin: boolean;
  /** --detach-keys as podman spells them (default "ctrl-p,ctrl-q"); "" disables. */
  detachKeys?: string;
}

/** `stats`: the running containers, unless refs, --all (every one) or --latest name others. */
export interface ContainerStatsOptions {
  refs: string[];
  all: boolean;
  latest: boolean;
}

/** One sample per container: podman's define.ContainerStats field names; bytes and nanoseconds. */
export interface ContainerStatsReport {
  ContainerID: string;
  Name: string;
  /** CPU % since the previous sample (since start for the first one). */
  CPU: number;
  /** CPU % over the container's whole run. */
  AvgCPU: number;
  CPUNano: number;
  /** When the sample was taken (ns since the epoch): the next sample's baseline. */
  SystemNano: number;
  MemUsage: number;
  MemLimit: number;
  MemPerc: number;
  NetInput: number;
  NetOutput: number;
  BlockInput: number;
  BlockOutput: number;
  /** 0 when the container does not run (printed as "--"). */
  PIDs: number;
  /** CPU time in ns (podman's UpTime, the CPU TIME column). */
  UpTime: number;
}

/** The verbs of issue 4 beyond run/ps/stop/kill/rm/start/logs/exec/inspect. */
export interface ContainerMoreVerbs {
  /** `create`: like run without starting; returns the ID. */
  create(
    options: ContainerRunOptions & import('./volume-reports.ts').ContainerMountOptions,
    reporter?: ContainerCreateReporter,
  ): Promise<{ id: string }>;
  /** `wait`: one report per container, exitCode set (-1 when the condition is not an exit). */
  wait(options: ContainerWaitOptions): Promise<ContainerVerbReport[]>;
  pause(options: ContainerSelectOptions): Promise<ContainerVerbReport[]>;
  unpause(options: ContainerSelectOptions): Promise<ContainerVerbReport[]>;
  restart(options: ContainerRestartOptions): Promise<ContainerVerbReport[]>;
  rename(ref: string, name: string): Promise<void>;
  /** `top`: header row then one row per process. */
  top(ref: string | undefined, latest: boolean, descriptors: string[]): Promise<string[][]>;
  /** `port`: each container's published ports (none until networking). */
  port(options: ContainerSelectOptions): Promise<{ id: string; ports: string[] }[]>;
  /** `attach`: resolves with the exit code, or undefined when the user detached. */
  attach(
    options: ContainerAttachOptions,
    io: import('./container-io.ts').AttachIo,
  ): Promise<number | undefined>;
  /** `container prune`: one report per removed container (ref = full ID). */
  prune(): Promise<ContainerVerbReport[]>;
  exists(ref: string): Promise<boolean>;
  /** `stats`: one sample per container; with the previous samples, CPU % is over the interval. */
  stats(
    options: ContainerStatsOptions,
    previous?: readonly ContainerStatsReport[],
  ): Promise<ContainerStatsReport[]>;
  /** `generate systemd`: the container's unit (pods once they exist). */
  generateSystemd(
    options: import('./systemd-reports.ts').GenerateSystemdOptions,
  ): Promise<import('./systemd-reports.ts').GenerateSystemdReport>;
}
