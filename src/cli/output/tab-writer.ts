// A port of Go's text/tabwriter, so berth's tables line up exactly like podman's. podman's
// report.Formatter uses tabwriter.NewWriter(w, 12, 2, 2, ' ', tabwriter.StripEscape):
// `podmanTabWriterOptions`. Pure text in, text out; it never writes to a stream itself.

/** Go's tabwriter flags. */
export const tabWriterFlags = {
  /** Ignore HTML tags and treat entities (&lt;) as one character. */
  filterHtml: 1,
  /** Drop the escape characters bracketing escaped text. */
  stripEscape: 2,
  /** Right-align cell content. */
  alignRight: 4,
  /** Treat columns of only empty, soft cells as zero width. */
  discardEmptyColumns: 8,
  /** Pad leading empty cells with tabs whatever the pad character. */
  tabIndent: 16,
  /** Print a vertical bar between columns. */
  debug: 32,
} as const;

export interface TabWriterOptions {
  /** Minimal cell width including padding. */
  minWidth: number;
  /** Width of a tab in spaces, used when padding with tabs. */
  tabWidth: number;
  /** Added to a cell's width when computing its column width. */
  padding: number;
  /** Padding character; '\t' means tab padding (and forces left alignment). */
  padChar: string;
  /** Bitwise OR of `tabWriterFlags`. */
  flags: number;
}

/** What podman's report.Formatter configures for `table` and default formats. */
export const podmanTabWriterOptions: TabWriterOptions = {
  minWidth: 12,
  tabWidth: 2,
  padding: 2,
  padChar: ' ',
  flags: tabWriterFlags.stripEscape,
};

/**
 * Text between two TAB_ESCAPE characters is one cell's literal text (tabs inside do not split).
 * Go uses the byte 0xff, which cannot occur in UTF-8; in a JS string it would be 'ÿ', so berth
 * uses the noncharacter U+FFFF instead.
 */
export const TAB_ESCAPE = '\uFFFF';

interface Cell {
  /** Length of the cell's text in `buf` (UTF-16 units). */
  size: number;
  /** Display width in code points. */
  width: number;
  /** Terminated by a horizontal tab. */
  htab: boolean;
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Go's tabwriter.Writer: `write` text with cells ended by '\t' (or '\v') and lines by '\n'
 * (or '\f', which also flushes); `flush` returns the aligned text. The last cell of a line is
 * not part of a column, so it is never padded.
 */
export class TabWriter {
  private readonly options: TabWriterOptions;
  private out = '';
  private buf = '';
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private endChar = '';
  private lines: Cell[][] = [[]];
  private widths: number[] = [];

  constructor(options: TabWriterOptions = podmanTabWriterOptions) {
    if (options.minWidth < 0 || options.tabWidth < 0 || options.padding < 0) {
      throw new RangeError('negative minWidth, tabWidth, or padding');
    }
    const flags =
      options.padChar === '\t' ? options.flags & ~tabWriterFlags.alignRight : options.flags;
    this.options = { ...options, flags };
  }

  private has(flag: number): boolean {
    return (this.options.flags & flag) !== 0;
  }

  write(text: string): this {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charAt(i);
      if (this.endChar === '') {
        if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
          this.append(text.slice(n, i));
          this.updateWidth();
          n = i + 1;
          const cells = this.terminateCell(ch === '\t');
          if (ch === '\n' || ch === '\f') {
            this.lines.push([]);
            // A one-cell line cannot affect later columns, so the block can be flushed.
            if (ch === '\f' || cells === 1) {
              this.flushInternal();
              if (ch === '\f' && this.has(tabWriterFlags.debug)) this.out += '---\n';
            }
          }
        } else if (ch === TAB_ESCAPE) {
          this.append(text.slice(n, i));
          this.updateWidth();
          n = this.has(tabWriterFlags.stripEscape) ? i + 1 : i;
          this.endChar = TAB_ESCAPE;
        } else if ((ch === '<' || ch === '&') && this.has(tabWriterFlags.filterHtml)) {
          this.append(text.slice(n, i));
          this.updateWidth();
          n = i;
          this.endChar = ch === '<' ? '>' : ';';
        }
      } else if (ch === this.endChar) {
        const strip = ch === TAB_ESCAPE && this.has(tabWriterFlags.stripEscape);
        this.append(text.slice(n, strip ? i : i + 1));
        n = i + 1;
        this.endEscape();
      }
    }
    this.append(text.slice(n));
    return this;
  }

  /** Formats everything written so far and returns it (Go's Flush). */
  flush(): string {
    this.flushInternal();
    const out = this.out;
    this.out = '';
    return out;
  }

  private flushInternal(): void {
    if (this.cell.size > 0) {
      if (this.endChar !== '') this.endEscape();
      this.terminateCell(false);
    }
    this.format(0, 0, this.lines.length);
    this.buf = '';
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.endChar = '';
    this.lines = [[]];
    this.widths = [];
  }

  private append(text: string): void {
    this.buf += text;
    this.cell.size += text.length;
  }

  private updateWidth(): void {
    this.cell.width += codePoints(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private endEscape(): void {
    if (this.endChar === TAB_ESCAPE) {
      this.updateWidth();
      if (!this.has(tabWriterFlags.stripEscape)) this.cell.width -= 2;
    } else if (this.endChar === ';') {
      this.cell.width++;
    }
    this.pos = this.buf.length;
    this.endChar = '';
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1] ?? [];
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private writePadding(textWidth: number, cellWidth: number, useTabs: boolean): void {
    const { padChar, tabWidth } = this.options;
    if (padChar === '\t' || useTabs) {
      if (tabWidth === 0) return;
      const width = Math.ceil(cellWidth / tabWidth) * tabWidth;
      this.out += '\t'.repeat(Math.ceil((width - textWidth) / tabWidth));
      return;
    }
    this.out += padChar.repeat(Math.max(cellWidth - textWidth, 0));
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] ?? [];
      let useTabs = this.has(tabWriterFlags.tabIndent);
      line.forEach((c, j) => {
        if (j > 0 && this.has(tabWriterFlags.debug)) this.out += '|';
        const width = this.widths[j];
        if (c.size === 0) {
          if (width !== undefined) this.writePadding(c.width, width, useTabs);
          return;
        }
        useTabs = false;
        const text = this.buf.slice(pos, pos + c.size);
        pos += c.size;
        if (this.has(tabWriterFlags.alignRight)) {
          if (width !== undefined) this.writePadding(c.width, width, false);
          this.out += text;
        } else {
          this.out += text;
          if (width !== undefined) this.writePadding(c.width, width, false);
        }
      });
      if (i + 1 === this.lines.length) {
        // The last buffered line has no newline yet: write the pending cell text.
        this.out += this.buf.slice(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        this.out += '\n';
      }
    }
    return pos;
  }

  /** Go's recursive column-block formatter over lines [line0, line1). */
  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    let start = line0;
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (this.lines[current]?.length ?? 0) - 1) continue;
      // This line has a cell in this column: print the lines before the block, then size it.
      pos = this.writeLines(pos, start, current);
      start = current;
      let width = this.options.minWidth;
      let discardable = true;
      for (; current < line1; current++) {
        const line = this.lines[current] ?? [];
        if (column >= line.length - 1) break;
        const c = line[column];
        if (!c) break;
        width = Math.max(width, c.width + this.options.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.has(tabWriterFlags.discardEmptyColumns)) width = 0;
      this.widths.push(width);
      pos = this.format(pos, start, current);
      this.widths.pop();
      start = current;
    }
    return this.writeLines(pos, start, line1);
  }
}

/**
 * Aligns rows as podman's tables are: each row's cells joined by tabs and ended by a newline,
 * through a TabWriter with `options` (podman's by default). The last column is not padded.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: TabWriterOptions = podmanTabWriterOptions,
): string {
  const writer = new TabWriter(options);
  for (const row of rows) writer.write(`${row.join('\t')}\n`);
  return writer.flush();
}
