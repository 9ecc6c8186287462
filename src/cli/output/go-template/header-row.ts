// The data a table's header row is rendered from: podman executes the user's template once on
// a map of field name -> upper-cased header; HeaderRow answers any field that way.

/** fatih/camelcase.Split as vendored by containers/common: "CreatedHuman" -> [Created Human]. */
export function splitCamelCase(name: string): string[] {
  const classOf = (ch: string): number =>
    /\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4;
  const runs: string[][] = [];
  let last = 0;
  for (const ch of name) {
    const cls = classOf(ch);
    const current = runs[runs.length - 1];
    if (cls === last && current) current.push(ch);
    else runs.push([ch]);
    last = cls;
  }
  // An upper-case run followed by lower case gives its last letter away: "PDFLoader" -> PDF Loader.
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] ?? [];
    const nextRun = runs[i + 1] ?? [];
    if (classOf(run[0] ?? '') === 2 && classOf(nextRun[0] ?? '') === 1) {
      const moved = run.pop();
      if (moved !== undefined) nextRun.unshift(moved);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** podman's report.Headers for one field: the camel-case words, upper-cased, joined by spaces. */
export function defaultHeader(field: string): string {
  return splitCamelCase(field).join(' ').toUpperCase();
}

/**
 * Header-row data: `.Field` renders the override for Field (upper-cased, as podman does) or
 * the field name split at camel case and upper-cased (`.CreatedAt` -> CREATED AT). In a chain
 * (`.Host.OciRuntime.Name`) the last field names the column.
 */
export class HeaderRow {
  readonly #overrides: ReadonlyMap<string, string>;

  constructor(overrides: Readonly<Record<string, string>> = {}) {
    this.#overrides = new Map(Object.entries(overrides));
  }

  header(field: string): string {
    return (this.#overrides.get(field) ?? defaultHeader(field)).toUpperCase();
  }
}
