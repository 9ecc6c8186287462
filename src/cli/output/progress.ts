// Renders pull progress events as podman does on stderr: one plain line per step when the stream
// is not a terminal ("Copying blob sha256:…"), a live block of per-layer bars when it is.
import type { ImagePullEvent, ImagePullReporter } from '../../domain/image-reports.ts';

export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** podman's reporter for `stream`: bars on a TTY, lines otherwise. */
export function pullProgressReporter(stream: ProgressSink): ImagePullReporter {
  if (stream.isTTY) {
    const bars = new BarBlock(stream);
    return (event) => bars.handle(event);
  }
  return (event) => {
    const line = plainLine(event);
    if (line !== undefined) stream.write(`${line}\n`);
  };
}

/** The non-TTY line for an event (containers/image prints full digests there), if any. */
export function plainLine(event: ImagePullEvent): string | undefined {
  switch (event.kind) {
    case 'resolving':
      return event.text;
    case 'trying':
      return `Trying to pull ${event.reference}...`;
    case 'signatures':
      return 'Getting image source signatures';
    case 'blob-start':
    case 'blob-skipped':
      return `Copying blob ${event.digest}`;
    case 'config':
      return `Copying config ${event.digest}`;
    case 'writing-manifest':
      return 'Writing manifest to image destination';
    case 'storing-signatures':
      return 'Storing signatures';
    default:
      return undefined;
  }
}

/** "Copying blob 5cc84ad355aa" / "Copying config beae173cca": the prefix is cut at one width. */
export function barPrefix(kind: 'blob' | 'config', digest: string): string {
  const hex = digest.slice(digest.indexOf(':') + 1);
  return `Copying ${kind} ${hex}`.slice(0, 'Copying blob '.length + 12);
}

/** 1.2MiB-style sizes as the progress bars print them. */
export function formatBytes(bytes: number): string {
  const units = ['b', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)}${units[unit]}`;
}

interface BarState {
  prefix: string;
  done: number;
  total: number | undefined;
  status: 'running' | 'done' | 'skipped';
}

/** The live block: one line per blob, redrawn in place; any other line freezes the block. */
class BarBlock {
  private bars = new Map<string, BarState>();
  private drawn = 0;
  private lastDrawMs = 0;

  constructor(private readonly stream: ProgressSink) {}

  handle(event: ImagePullEvent): void {
    switch (event.kind) {
      case 'blob-start':
        this.bars.set(event.digest, {
          prefix: barPrefix('blob', event.digest),
          done: 0,
          total: event.sizeBytes,
          status: 'running',
        });
        return this.draw(true);
      case 'blob-progress':
        this.update(event.digest, (bar) => ({
          ...bar,
          done: event.doneBytes,
          total: event.sizeBytes ?? bar.total,
        }));
        return this.draw(false);
      case 'blob-done':
        this.update(event.digest, (bar) => ({ ...bar, status: 'done' }));
        return this.draw(true);
      case 'blob-skipped':
        this.bars.set(event.digest, {
          prefix: barPrefix('blob', event.digest),
          done: 0,
          total: 0,
          status: 'skipped',
        });
        return this.draw(true);
      case 'config':
        return this.line(`${barPrefix('config', event.digest)} done  `);
      default: {
        const line = plainLine(event);
        if (line !== undefined) this.line(line);
      }
    }
  }

  private update(digest: string, change: (bar: BarState) => BarState): void {
    const bar = this.bars.get(digest);
    if (bar) this.bars.set(digest, change(bar));
  }

  private line(text: string): void {
    this.draw(true);
    this.bars = new Map();
    this.drawn = 0;
    this.stream.write(`${text}\n`);
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const width = Math.max(40, this.stream.columns ?? 80);
    let out = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const bar of this.bars.values()) out += `\r\x1b[2K${renderBar(bar, width)}\n`;
    this.drawn = this.bars.size;
    if (out !== '') this.stream.write(out);
  }
}

function renderBar(bar: BarState, width: number): string {
  if (bar.status === 'done') return `${bar.prefix} done  `;
  if (bar.status === 'skipped') return `${bar.prefix} skipped: already exists  `;
  const sizes = `${formatBytes(bar.done)} / ${bar.total === undefined ? '?' : formatBytes(bar.total)}`;
  const room = Math.max(10, width - bar.prefix.length - sizes.length - 5);
  const ratio = bar.total ? Math.min(1, bar.done / bar.total) : 0;
  const filled = Math.floor(ratio * room);
  const body =
    filled >= room ? '='.repeat(room) : `${'='.repeat(filled)}>${'-'.repeat(room - filled - 1)}`;
  return `${bar.prefix} [${body}] ${sizes}`;
}
