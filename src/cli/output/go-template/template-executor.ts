// Evaluates a parsed template against JS data with Go text/template semantics (exec.go):
// dot, variables, field chains, pipelines, if/with/range/break/continue. Errors are
// INVALID_TEMPLATE with Go's "template: NAME:LINE:COL: executing ..." text. No I/O.

import { BerthError, messageOf } from '../../../lib/berth-error.ts';
import type {
  AnyNode,
  ArgNode,
  ChainNode,
  CommandNode,
  IfNode,
  ListNode,
  Node,
  PipeNode,
  RangeNode,
  VariableNode,
} from './template-ast.ts';
import { nodeString } from './template-ast.ts';
import { GoJsonError } from './go-json.ts';
import { formatGoValue, isRecord, isTrue, sortedKeys } from './go-value.ts';
import { argKindError, lookupField } from './template-lookup.ts';
import { HeaderRow } from './header-row.ts';
import {
  type FuncTable,
  type ParamKind,
  type TemplateFunc,
  TemplateFuncError,
} from './template-funcs.ts';

export interface ExecuteOptions {
  name: string;
  /** The template text, to turn node offsets into line:column. */
  source: string;
  funcs: FuncTable;
}

const MISSING: unique symbol = Symbol('missing');
type Final = unknown;
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

export function executeTemplate(root: ListNode, data: unknown, options: ExecuteOptions): string {
  const executor = new Executor(options, data);
  executor.walk(data, root);
  return executor.output();
}

class Executor {
  private readonly out: string[] = [];
  private readonly vars: { name: string; value: unknown }[];
  private at: AnyNode | undefined;

  constructor(
    private readonly options: ExecuteOptions,
    data: unknown,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  output(): string {
    return this.out.join('');
  }

  private errorf(message: string): never {
    const { name, source } = this.options;
    const node = this.at;
    if (!node) throw new BerthError('INVALID_TEMPLATE', `template: ${name}: ${message}`);
    const before = source.slice(0, node.pos);
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const column = node.pos - (before.lastIndexOf('\n') + 1);
    const runes = [...nodeString(node)];
    const context = runes.length > 20 ? `${runes.slice(0, 20).join('')}...` : runes.join('');
    throw new BerthError(
      'INVALID_TEMPLATE',
      `template: ${name}:${line}:${column}: executing "${name}" at <${context}>: ${message}`,
    );
  }

  // --- statements ---

  walk(dot: unknown, node: Node | ListNode): void {
    this.at = node;
    switch (node.kind) {
      case 'list':
        for (const child of node.nodes) this.walk(dot, child);
        return;
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.print(node, value);
        return;
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private print(node: AnyNode, value: unknown): void {
    if (typeof value === 'function') {
      this.at = node;
      this.errorf(`can't print ${nodeString(node)} of type func`);
    }
    this.out.push(formatGoValue(value));
  }

  private walkIfOrWith(dot: unknown, node: IfNode): void {
    const mark = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    if (isTrue(value)) this.walk(node.kind === 'with' ? value : dot, node.list);
    else if (node.elseList) this.walk(dot, node.elseList);
    this.vars.length = mark;
  }

  private walkRange(dot: unknown, node: RangeNode): void {
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const mark = this.vars.length;
      const entries = this.rangeEntries(node, value);
      for (const [key, elem] of entries) {
        this.bindRangeVars(node.pipe, key, elem);
        try {
          this.walk(elem, node.list);
        } catch (signal) {
          if (signal !== CONTINUE) throw signal;
        } finally {
          this.vars.length = mark;
        }
      }
      if (entries.length === 0 && node.elseList) this.walk(dot, node.elseList);
    } catch (signal) {
      if (signal !== BREAK) throw signal;
    } finally {
      this.vars.length = outer;
    }
  }

  private rangeEntries(node: RangeNode, value: unknown): [unknown, unknown][] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((v, i) => [i, v]);
    if (isRecord(value) && !(value instanceof HeaderRow)) {
      return sortedKeys(value).map((k) => [k, value[k]]);
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (node.pipe.decl.length > 1) {
        this.errorf(`can't use ${value} to iterate over more than one variable`);
      }
      return Array.from({ length: Math.max(value, 0) }, (_, i) => [i, i]);
    }
    return this.errorf(`range can't iterate over ${formatGoValue(value)}`);
  }

  private bindRangeVars(pipe: PipeNode, key: unknown, elem: unknown): void {
    const [first, second] = pipe.decl;
    if (!first) return;
    if (pipe.isAssign) {
      this.setVar(first.idents[0] ?? '', second ? key : elem);
      if (second) this.setVar(second.idents[0] ?? '', elem);
      return;
    }
    this.setTopVar(1, elem);
    if (second) this.setTopVar(2, key);
  }

  // --- variables ---

  private setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // --- pipelines and commands ---

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const decl of pipe.decl) {
      const name = decl.idents[0] ?? '';
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    if (!first) return this.errorf('empty command');
    switch (first.kind) {
      case 'field':
        this.at = first;
        return this.evalFieldChain(dot, dot, first.idents, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalCall(dot, first.name, cmd, final);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      default:
        this.at = first;
        this.notAFunction(cmd.args, final);
        if (first.kind === 'nil') this.errorf('nil is not a command');
        return first.kind === 'dot' ? dot : first.value;
    }
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    const first = args[0];
    if (first && (args.length > 1 || final !== MISSING)) {
      this.errorf(`can't give argument to non-function ${nodeString(first)}`);
    }
  }

  private evalChain(
    dot: unknown,
    chain: ChainNode,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.at = chain;
    if (chain.node.kind === 'nil')
      this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, chain.node);
    this.at = chain;
    return this.evalFieldChain(dot, receiver, chain.fields, args, final);
  }

  private evalVariable(
    dot: unknown,
    node: VariableNode,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.at = node;
    const value = this.varValue(node.idents[0] ?? '');
    if (node.idents.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, node.idents.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    idents: readonly string[],
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    let current = receiver;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      if (current instanceof HeaderRow) return current.header(idents[idents.length - 1] ?? '');
      current = this.evalField(
        dot,
        idents[i] ?? '',
        current,
        last ? args : [],
        last ? final : MISSING,
      );
    }
    return current;
  }

  private evalField(
    dot: unknown,
    name: string,
    receiver: unknown,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    const found = lookupField(receiver, name, args.length > 1 || final !== MISSING);
    if (found.kind === 'error') return this.errorf(found.message);
    if (found.kind === 'value') return found.value;
    const values = args.slice(1).map((a) => this.evalArg(dot, a));
    if (final !== MISSING) values.push(final);
    return this.invoke(name, () => found.method.apply(found.receiver, values));
  }

  private evalArg(dot: unknown, node: ArgNode): unknown {
    this.at = node;
    switch (node.kind) {
      case 'field':
        return this.evalFieldChain(dot, dot, node.idents, [node], MISSING);
      case 'variable':
        return this.evalVariable(dot, node, [], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, node);
      case 'identifier':
        return this.evalCall(
          dot,
          node.name,
          { kind: 'command', pos: node.pos, args: [node] },
          MISSING,
        );
      case 'chain':
        return this.evalChain(dot, node, [], MISSING);
      case 'dot':
        return dot;
      default:
        return node.value;
    }
  }

  // --- functions ---

  private evalCall(dot: unknown, name: string, cmd: CommandNode, final: Final): unknown {
    const fn = this.options.funcs[name];
    const nameNode = cmd.args[0];
    this.at = nameNode;
    if (!fn) return this.errorf(`"${name}" is not a defined function`);
    const argNodes = cmd.args.slice(1);
    this.checkArity(name, fn, argNodes.length, final);
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, argNodes, final);
    const values = argNodes.map((node, i) =>
      this.checkedArg(kindAt(fn, i), this.evalArg(dot, node), node),
    );
    if (final !== MISSING)
      values.push(this.checkedArg(kindAt(fn, argNodes.length), final, undefined));
    this.at = cmd;
    return this.invoke(name, () => fn.call(values));
  }

  private checkArity(name: string, fn: TemplateFunc, count: number, final: Final): void {
    const numIn = count + (final === MISSING ? 0 : 1);
    if (fn.variadic !== undefined) {
      if (numIn < fn.params.length) {
        this.errorf(
          `wrong number of args for ${name}: want at least ${fn.params.length} got ${count}`,
        );
      }
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }
  }

  private evalAndOr(dot: unknown, name: string, args: readonly ArgNode[], final: Final): unknown {
    let value: unknown;
    for (const node of args) {
      value = this.evalArg(dot, node);
      if (isTrue(value) === (name === 'or')) return value;
    }
    return final === MISSING ? value : final;
  }

  private checkedArg(kind: ParamKind, value: unknown, node: ArgNode | undefined): unknown {
    if (node) this.at = node;
    const message = argKindError(kind, value, node);
    if (message !== undefined) this.errorf(message);
    return value;
  }

  private invoke(name: string, call: () => unknown): unknown {
    try {
      return call();
    } catch (error) {
      if (error instanceof TemplateFuncError || error instanceof GoJsonError) {
        return this.errorf(`error calling ${name}: ${error.message}`);
      }
      if (error instanceof BerthError) throw error;
      return this.errorf(`error calling ${name}: ${messageOf(error)}`);
    }
  }
}

function kindAt(fn: TemplateFunc, i: number): ParamKind {
  return fn.params[i] ?? fn.variadic ?? 'any';
}
