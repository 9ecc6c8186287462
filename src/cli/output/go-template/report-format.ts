// podman's --format conventions for list commands (containers/common pkg/report): `table `
// prefix, \t and \n typed literally, the implicit {{range .}}, the header row, `json`.
// It renders text; printing and exit codes are the command's business.

import { TabWriter, podmanTabWriterOptions } from '../tab-writer.ts';
import { type CompiledTemplate, compileTemplate } from './compile-template.ts';
import { HeaderRow } from './header-row.ts';
import type { FuncTable, TemplateFunc } from './template-funcs.ts';

/** 'user': a --format the user typed; 'podman': berth's own default format for the command. */
export type FormatOrigin = 'user' | 'podman';

export interface ParsedFormat {
  /** The format started with "table ". */
  table: boolean;
  /** The template text podman would parse; it ranges over the list of items. */
  template: string;
}

const tableReplacements: readonly [string, string][] = [
  ['table ', ''],
  ['\\t', '\t'],
  ['\\n', '\n'],
  [' ', '\t'],
];
const escapedReplacements: readonly [string, string][] = [
  ['\\t', '\t'],
  ['\\n', '\n'],
];

/** Go's strings.Replacer: one left-to-right pass, earlier pairs win at the same position. */
function replaceEach(text: string, pairs: readonly [string, string][]): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const pair = pairs.find(([from]) => text.startsWith(from, i));
    if (pair) {
      out += pair[1];
      i += pair[0].length;
    } else {
      out += text.charAt(i);
      i++;
    }
  }
  return out;
}

/** report.HasTable. */
export function hasTable(format: string): boolean {
  return format.startsWith('table ');
}

/** report.IsJSON: `json` or `{{json}}`/`{{json .}}`-less spellings mean "print JSON". */
export function isJsonFormat(format: string): boolean {
  return /^\s*(json|\{\{\s*json\.?\s*\}\})\s*$/.test(format);
}

/**
 * report.NormalizeFormat: for "table " formats drop the keyword and turn \t, \n and every
 * space into tabs/newlines (podman really does turn spaces into column breaks); otherwise only
 * unescape \t and \n. A trailing newline is added when missing.
 */
export function normalizeFormat(format: string): string {
  const text = replaceEach(format, hasTable(format) ? tableReplacements : escapedReplacements);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** report.EnforceRange: wrap in {{range .}}...{{end -}} unless the format ranges over dot. */
export function enforceRange(format: string): string {
  return /\{\{\s*range\s*\.\s*\}\}[^\n]*\{\{\s*end\s*-?\s*\}\}/.test(format)
    ? format
    : `{{range .}}${format}{{end -}}`;
}

/** The candidate texts podman's Formatter.Parse tries: the normalized one, then the raw one. */
function candidates(
  format: string,
  origin: FormatOrigin,
): { table: boolean; texts: [string, string] } {
  if (hasTable(format)) {
    const raw = format.slice('table '.length);
    return {
      table: true,
      texts: [`{{range .}}${normalizeFormat(format)}{{end -}}`, `{{range .}}${raw}{{end -}}`],
    };
  }
  if (origin === 'user') {
    return { table: false, texts: [enforceRange(normalizeFormat(format)), enforceRange(format)] };
  }
  return { table: false, texts: [normalizeFormat(format), format] };
}

function compileFirst(
  format: string,
  origin: FormatOrigin,
  name: string,
): [ParsedFormat, CompiledTemplate] {
  const { table, texts } = candidates(format, origin);
  const [first, fallback] = texts;
  try {
    return [{ table, template: first }, compileTemplate(first, name)];
  } catch {
    // Unescaping \n breaks formats like {{printf "\n"}}; podman then parses the raw text.
    return [{ table, template: fallback }, compileTemplate(fallback, name)];
  }
}

/** Formatter.Parse's choice of text; throws INVALID_TEMPLATE when neither candidate parses. */
export function parseFormat(format: string, origin: FormatOrigin = 'user'): ParsedFormat {
  return compileFirst(format, origin, 'format')[0];
}

export interface ReportRenderOptions {
  /** Header text per field name (podman's overrides, e.g. { ID: 'CONTAINER ID' }). */
  headers?: Readonly<Record<string, string>>;
  /** --noheading: omit the header row. */
  noHeading?: boolean;
}

export interface ReportFormatter {
  readonly table: boolean;
  /** Output is aligned by the tab writer and starts with a header row (podman's RenderHeaders). */
  readonly renderHeaders: boolean;
  readonly template: CompiledTemplate;
  /** The whole output for `items`: header row (when due), one rendering per item, aligned. */
  render(items: readonly unknown[], options?: ReportRenderOptions): string;
  /** Just the header row text, unaligned (a tab between cells). */
  headerRow(headers?: Readonly<Record<string, string>>): string;
}

/** On the header row, functions that would mangle or reject the header text pass it through. */
const passThrough: TemplateFunc = {
  params: [],
  variadic: 'any',
  call: (args) => args.find((a) => typeof a === 'string') ?? args[0],
};
const headerFuncs: FuncTable = Object.fromEntries(
  ['json', 'join', 'split', 'lower', 'upper', 'title', 'truncate'].map((n) => [n, passThrough]),
);

/**
 * Compiles a --format for a list command as podman's report.Formatter does. `table` formats
 * and podman-origin formats get a header row and tab-aligned columns (minwidth 12, padding 2);
 * other user formats print each item as rendered.
 */
export function compileReport(
  format: string,
  origin: FormatOrigin = 'user',
  name = 'format',
): ReportFormatter {
  const [parsed, template] = compileFirst(format, origin, name);
  const renderHeaders = parsed.table || origin === 'podman';
  const headerRow = (headers: Readonly<Record<string, string>> = {}): string =>
    template.render([new HeaderRow(headers)], { funcs: headerFuncs });
  return {
    table: parsed.table,
    renderHeaders,
    template,
    headerRow,
    render(items, options = {}) {
      const head = renderHeaders && !options.noHeading ? headerRow(options.headers) : '';
      const body = template.render(items);
      return renderHeaders
        ? new TabWriter(podmanTabWriterOptions).write(head + body).flush()
        : body;
    },
  };
}
