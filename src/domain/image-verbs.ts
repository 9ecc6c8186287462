// The local image verbs of the domain ImageApi (inspect, tag, untag, rmi, history, exists,
// prune): signatures only; domain/local/local-images.ts implements them.
import type {
  ImageHistoryEntry,
  ImageInspectResult,
  ImageRemoveOptions,
  ImageRemoveReport,
} from './image-reports.ts';

export interface LocalImageVerbs {
  /** podman's ImageData per reference; unknown references are listed in `missing`. */
  inspect(refs: string[]): Promise<ImageInspectResult>;
  /** `tag SOURCE TARGET...`: short targets go under localhost/, `:latest` by default. */
  tag(ref: string, targets: string[]): Promise<void>;
  /** `untag IMAGE [NAME...]`: no names removes every name. */
  untag(ref: string, names: string[]): Promise<void>;
  /** `rmi`: untags an image with several names given by name; otherwise deletes it. */
  remove(refs: string[], options: ImageRemoveOptions): Promise<ImageRemoveReport>;
  history(ref: string): Promise<ImageHistoryEntry[]>;
  exists(ref: string): Promise<boolean>;
  /** `image prune`: dangling images, or with `all` every image no container uses; removed IDs. */
  prune(options: { all: boolean }): Promise<string[]>;
}
