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
  /** -v/--volume [SOURCE:]DEST[:OPTIONS], repeatable */
  volumes: string[];
  /** --network none|host (the bridge comes with the networking issue); default none for now */
  network?: string;
}

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
  Mounts: string[];
  Names: string[];
  Networks: string[];
  Pid: number;
  Pod: string;
  PodName: string;
  Ports: null;
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
}

export interface ContainerStopOptions {
  refs: string[];
  /** -a/--all */
  all: boolean;
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
  error?: import('../lib/berth-error.ts').BerthError;
  /** start -a: the container's exit status. */
  exitCode?: number;
}

/** `exec`: podman's flags. */
export interface ContainerExecOptions {
  /** CONTAINER, or undefined with -l/--latest. */
  ref?: string;
  latest: boolean;
  command: string[];
  /** -t/--tty */
  tty: boolean;
  /** -i/--interactive */
  interactive: boolean;
  /** -d/--detach */
  detach: boolean;
  /** -e/--env */
  env: string[];
  /** -u/--user */
  user?: string;
  /** -w/--workdir */
  workdir?: string;
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
  /** The bytes of the line including its newline (partial lines joined). */
  text: string;
}
