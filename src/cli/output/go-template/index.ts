// The public face of berth's Go text/template engine for --format: re-exports only, so callers
// import one module and the file layout behind it can change freely.

export { compileTemplate, renderTemplate } from './compile-template.ts';
export type { CompiledTemplate, CompileOptions, RenderOptions } from './compile-template.ts';
export { GO_MAP_ZERO, GO_TYPE_NAME, goMap, formatGoValue } from './go-value.ts';
export { goJson } from './go-json.ts';
export { goSprintf } from './go-sprintf.ts';
export { HeaderRow, defaultHeader } from './header-row.ts';
export { builtinFuncs, TemplateFuncError } from './template-funcs.ts';
export type { FuncTable, ParamKind, TemplateFunc } from './template-funcs.ts';
export {
  compileReport,
  enforceRange,
  hasTable,
  isJsonFormat,
  normalizeFormat,
  parseFormat,
} from './report-format.ts';
export type {
  FormatOrigin,
  ParsedFormat,
  ReportFormatter,
  ReportRenderOptions,
} from './report-format.ts';
