// Renders one report for --format: "json" (podman's 4-space JSON), a Go template, or the
// command's default text. Template errors surface as INVALID_TEMPLATE BerthErrors.
import { compileTemplate } from './go-template/index.ts';
import { goView, type GoViewOptions } from './go-view.ts';

export function isJsonFormat(format: string | undefined): boolean {
  return format !== undefined && format.trim() === 'json';
}

export function toJson(data: unknown): string {
  return JSON.stringify(data, null, 4) + '\n';
}

/** Renders a Go template against the Go-named view of `data`, ending with exactly one newline. */
export function renderGoTemplate(
  format: string,
  data: unknown,
  options: GoViewOptions = {},
): string {
  const text = compileTemplate(unescapeFormat(format)).render(goView(data, options));
  return text.endsWith('\n') ? text : text + '\n';
}

/** podman lets users type \t and \n literally in --format. */
export function unescapeFormat(format: string): string {
  return format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}
