// THE interface both front ends (CLI, later the REST API) call. Options and reports are plain
// JSON data; policy (name resolution, --all, filters) lives behind it in domain/local.
import type { GlobalOptions } from './global-options.ts';
import type { SystemInfoReport, VersionReport } from './system-reports.ts';
import type { ImageImportOptions, ImageImportReport, ImageSummary } from './image-reports.ts';
import type { ContainerRunOptions, ContainerRunReport } from './container-reports.ts';

export interface SystemApi {
  info(): Promise<SystemInfoReport>;
  version(): VersionReport;
}

export interface ImageApi {
  import(options: ImageImportOptions): Promise<ImageImportReport>;
  list(options: { all: boolean }): Promise<ImageSummary[]>;
}

export interface ContainerApi {
  /** Creates, starts and (unless detached) waits for a container; returns its exit status. */
  run(options: ContainerRunOptions): Promise<ContainerRunReport>;
  /** conmon's exit command: unmount, delete runtime state, honour --rm. Idempotent. */
  cleanup(nameOrId: string): Promise<void>;
}

export interface Engine extends AsyncDisposable {
  readonly system: SystemApi;
  readonly images: ImageApi;
  readonly containers: ContainerApi;
}

/** Opens the local engine. The import is lazy so `berth --version` loads none of it. */
export async function openEngine(options: GlobalOptions): Promise<Engine> {
  const { openLocalEngine } = await import('./local/local-engine.ts');
  return openLocalEngine(options);
}
