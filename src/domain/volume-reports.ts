// Options and reports for volumes (`berth volume …`) and for the container filesystem verbs
// (cp, diff, mount, unmount, export, commit). Plain JSON data; no behaviour here.
import type { ErrorData } from '../lib/berth-error.ts';

export interface VolumeCreateOptions {
  /** NAME; default a random 64-hex name. */
  name?: string;
  /** --driver; only `local`. */
  driver: string;
  /** --label KEY=VALUE */
  labels: Record<string, string>;
  /** --opt type=,device=,o= */
  options: Record<string, string>;
  /** --ignore: no error when the volume exists. */
  ignoreExisting?: boolean;
}

/** podman's `volume inspect` object. */
export interface VolumeInspectReport {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Scope: 'local';
  Options: Record<string, string>;
  MountCount: number;
  NeedsCopyUp: boolean;
  NeedsChown: boolean;
}

export interface VolumeListOptions {
  /** --filter name=, label=KEY[=VALUE], dangling=true|false, driver= */
  filters: string[];
}

export interface VolumeRemoveOptions {
  names: string[];
  all: boolean;
  /** -f: remove the containers that use it first. */
  force: boolean;
}

export interface VolumeRemoveReport {
  name: string;
  /** As data: BerthError.fromData rebuilds it. */
  error?: ErrorData;
}

export interface VolumeApi {
  create(options: VolumeCreateOptions): Promise<string>;
  list(options: VolumeListOptions): Promise<VolumeInspectReport[]>;
  inspect(
    names: string[],
    all: boolean,
  ): Promise<{ data: VolumeInspectReport[]; errors: VolumeRemoveReport[] }>;
  remove(options: VolumeRemoveOptions): Promise<VolumeRemoveReport[]>;
  /** Removes every volume no container uses; returns the names removed. */
  prune(): Promise<string[]>;
  exists(name: string): Promise<boolean>;
}

/** run's `--mount` and `--volumes-from`, turned into volume specs before the container is created. */
export interface ContainerMountOptions {
  /** --mount type=bind|volume|tmpfs,source=,target=,readonly,tmpfs-size= */
  mounts?: string[];
  /** --volumes-from CTR[:ro|rw] */
  volumesFrom?: string[];
}

export interface ContainerRemoveVolumeOptions {
  /** rm -v: also remove the containers' anonymous volumes. */
  volumes?: boolean;
}

export interface ContainerCommitOptions {
  ref: string;
  /** IMAGE; default an untagged image. */
  image?: string;
  changes: string[];
  message?: string;
  author?: string;
  pause: boolean;
}

export interface ContainerDiffEntry {
  kind: 'A' | 'C' | 'D';
  path: string;
}

export interface ContainerMountReport {
  id: string;
  path: string;
}

export interface ContainerFsApi {
  /** `cp SRC DEST`: exactly one of them is CTR:PATH. */
  copy(source: string, destination: string): Promise<void>;
  diff(ref: string): Promise<ContainerDiffEntry[]>;
  /** Mounts each container's rootfs; with no refs lists the mounted ones. */
  mount(refs: string[]): Promise<ContainerMountReport[]>;
  unmount(refs: string[], all: boolean): Promise<VolumeRemoveReport[]>;
  /** `export`: a tar of the rootfs written to `output`, which is left open (the caller ends it). */
  export(
    ref: string,
    output: NodeJS.WritableStream,
    context?: import('./container-io.ts').CallContext,
  ): Promise<void>;
  /** Returns the new image's ID. */
  commit(options: ContainerCommitOptions): Promise<string>;
}
