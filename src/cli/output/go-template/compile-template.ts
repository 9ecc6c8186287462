// The entry point for Go text/template formatting: compile once, render many times. It owns
// the default function table; podman's --format conventions (table, json) are in report-format.ts.

import { BerthError } from '../../../lib/berth-error.ts';
import type { ListNode } from './template-ast.ts';
import { executeTemplate } from './template-executor.ts';
import { builtinFuncs, type FuncTable } from './template-funcs.ts';
import { parseTemplate } from './template-parser.ts';

export interface CompiledTemplate {
  /** The template's name, as shown in error messages ("template: NAME:1: ..."). */
  readonly name: string;
  /** The template text as parsed. */
  readonly text: string;
  /** Renders `data` (dot and `$`); throws BerthError INVALID_TEMPLATE on evaluation errors. */
  render(data: unknown, options?: RenderOptions): string;
}

export interface RenderOptions {
  /** Functions replacing (or adding to) the compiled ones for this render only. */
  funcs?: FuncTable;
}

export interface CompileOptions {
  /** Extra functions, or replacements for the defaults (podman's Formatter.Funcs). */
  funcs?: FuncTable;
}

/**
 * Parses `text` as a Go text/template. Throws BerthError INVALID_TEMPLATE with Go's message
 * (`template: NAME:LINE: unexpected "}" in operand`) when the text is malformed.
 */
export function compileTemplate(
  text: string,
  name = 'format',
  options: CompileOptions = {},
): CompiledTemplate {
  const funcs: FuncTable = { ...builtinFuncs, ...options.funcs };
  let root: ListNode;
  try {
    root = parseTemplate(text, name, new Set(Object.keys(funcs)));
  } catch (error) {
    if (error instanceof BerthError) throw error;
    throw new BerthError('INVALID_TEMPLATE', `template: ${name}: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    name,
    text,
    render(data: unknown, renderOptions: RenderOptions = {}): string {
      const all = renderOptions.funcs ? { ...funcs, ...renderOptions.funcs } : funcs;
      try {
        return executeTemplate(root, data, { name, source: text, funcs: all });
      } catch (error) {
        if (error instanceof BerthError) throw error;
        // A RangeError from runaway recursion and the like: still never a raw exception.
        throw new BerthError('INVALID_TEMPLATE', `template: ${name}: ${String(error)}`, {
          cause: error,
        });
      }
    },
  };
}

/** Compiles and renders in one step. */
export function renderTemplate(text: string, data: unknown, name = 'format'): string {
  return compileTemplate(text, name).render(data);
}
