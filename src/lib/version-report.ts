// The version report podman prints for its client, and Go's names for CPU architectures.
// Pure: `berth version` needs no engine.
import { arch, platform } from 'node:os';
import { berthVersion } from './berth-version.ts';

/** podman's version report fields (`podman version --format json` .Client). */
export interface VersionReport {
  APIVersion: string;
  Version: string;
  GoVersion: string;
  GitCommit: string;
  BuiltTime: string;
  Built: number;
  OsArch: string;
  Os: string;
}

declare const BERTH_BUILT_SECONDS: number | undefined;
declare const BERTH_GIT_COMMIT: string | undefined;

const goArch: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

export function goArchName(nodeArch: string = arch()): string {
  return goArch[nodeArch] ?? nodeArch;
}

export function localVersionReport(): VersionReport {
  const built = typeof BERTH_BUILT_SECONDS === 'number' ? BERTH_BUILT_SECONDS : 0;
  return {
    APIVersion: berthVersion,
    Version: berthVersion,
    GoVersion: `node${process.versions.node}`,
    GitCommit: typeof BERTH_GIT_COMMIT === 'string' ? BERTH_GIT_COMMIT : '',
    BuiltTime: ansicTime(new Date(built * 1000)),
    Built: built,
    OsArch: `${platform()}/${goArchName()}`,
    Os: platform(),
  };
}

/** Go's time.ANSIC layout ("Mon Jan _2 15:04:05 2006") in local time, as podman prints Built. */
export function ansicTime(date: Date): string {
  const day = date.toLocaleString('en-US', { weekday: 'short' });
  const month = date.toLocaleString('en-US', { month: 'short' });
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${day} ${month} ${String(date.getDate()).padStart(2, ' ')} ${clock} ${date.getFullYear()}`;
}
