// Pure rules the executor applies to values: what `.Name` finds on a receiver (field, method,
// map entry, or Go's error text) and whether an argument fits a function parameter.

import type { ArgNode } from './template-ast.ts';
import { nodeString } from './template-ast.ts';
import { goTypeName, isGoMap, isRecord } from './go-value.ts';
import type { ParamKind } from './template-funcs.ts';

export type FieldLookup =
  | { kind: 'value'; value: unknown }
  | { kind: 'method'; method: (...args: unknown[]) => unknown; receiver: object }
  | { kind: 'error'; message: string };

function hasField(record: Record<string, unknown>, name: string): boolean {
  if (Object.hasOwn(record, name)) return true;
  return name in record && !(name in Object.prototype);
}

/** Go's evalField for JS data: plain objects are structs, goMap objects are maps. */
export function lookupField(receiver: unknown, name: string, hasArgs: boolean): FieldLookup {
  if (receiver === undefined) return { kind: 'value', value: undefined };
  if (receiver === null) {
    return { kind: 'error', message: `nil pointer evaluating interface {}.${name}` };
  }
  const isMap = isGoMap(receiver);
  if (isRecord(receiver) && hasField(receiver, name)) {
    const value = receiver[name];
    if (typeof value === 'function') {
      return { kind: 'method', method: value as (...args: unknown[]) => unknown, receiver };
    }
    if (!hasArgs) return { kind: 'value', value };
    return {
      kind: 'error',
      message: isMap
        ? `${name} is not a method but has arguments`
        : `${name} has arguments but cannot be invoked as function`,
    };
  }
  if (isMap) {
    return hasArgs
      ? { kind: 'error', message: `${name} is not a method but has arguments` }
      : { kind: 'value', value: undefined };
  }
  return { kind: 'error', message: `can't evaluate field ${name} in type ${goTypeName(receiver)}` };
}

/** Go's message when `value` cannot be passed as a `kind` parameter; undefined when it fits. */
export function argKindError(
  kind: ParamKind,
  value: unknown,
  node: ArgNode | undefined,
): string | undefined {
  if (kind === 'any') return undefined;
  const expected = kind === 'strings' ? '[]string' : kind;
  if (value === undefined || value === null) return `invalid value; expected ${expected}`;
  if (kind === 'int' && node?.kind === 'number' && !Number.isInteger(value)) {
    return `expected integer; found ${nodeString(node)}`;
  }
  const ok =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'int'
        ? typeof value === 'number' && Number.isInteger(value)
        : Array.isArray(value) && value.every((v) => typeof v === 'string');
  return ok ? undefined : `wrong type for value; expected ${expected}; got ${goTypeName(value)}`;
}
