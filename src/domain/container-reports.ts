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
  /** --network none|host (the bridge comes with the networking issue); default none for now */
  network?: string;
}

export interface ContainerRunReport {
  id: string;
  /** The container's exit status for attached runs; undefined for -d. */
  exitCode?: number;
}
