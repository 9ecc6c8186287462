// Parses lexed Go text/template items into a tree, mirroring text/template/parse/parse.go so
// that malformed templates fail with Go's messages. It does not evaluate anything.

import { BerthError } from '../../../lib/berth-error.ts';
import type {
  ArgNode,
  CommandNode,
  EndNode,
  IfNode,
  ListNode,
  LiteralNode,
  Node,
  PipeNode,
  RangeNode,
  VariableNode,
} from './template-ast.ts';
import { nodeString } from './template-ast.ts';
import { type Item, type ItemType, lexTemplate } from './template-lexer.ts';
import { goQuote, goUnquote } from './go-quote.ts';

/** Parses `text`; `funcs` are the function names the template may call. Throws INVALID_TEMPLATE. */
export function parseTemplate(text: string, name: string, funcs: ReadonlySet<string>): ListNode {
  return new Parser(lexTemplate(text), name, funcs).parse();
}

const operandStarts: ReadonlySet<ItemType> = new Set<ItemType>([
  'bool',
  'charConstant',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

class Parser {
  private index = 0;
  private line = 1;
  private actionLine = 0;
  private rangeDepth = 0;
  private readonly vars: string[] = ['$'];

  constructor(
    private readonly items: readonly Item[],
    private readonly name: string,
    private readonly funcs: ReadonlySet<string>,
  ) {}

  parse(): ListNode {
    const root: ListNode = { kind: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if (isEnd(n)) this.errorf(`unexpected {{${n.kind}}}`);
      root.nodes.push(n);
    }
    return root;
  }

  // --- token stream ---

  private next(): Item {
    const item = this.items[this.index] ?? this.items[this.items.length - 1];
    if (item === undefined) throw new BerthError('INTERNAL', 'template lexer produced no items');
    if (this.index < this.items.length) this.index++;
    this.line = item.line;
    return item;
  }
  private backup(count = 1): void {
    this.index -= count;
  }
  private peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }
  private nextNonSpace(): Item {
    let item = this.next();
    while (item.type === 'space') item = this.next();
    return item;
  }
  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  private errorf(message: string): never {
    throw new BerthError('INVALID_TEMPLATE', `template: ${this.name}:${this.line}: ${message}`);
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(token.val + extra);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  // --- structure ---

  private itemList(): [ListNode, EndNode] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isEnd(n)) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndNode {
    const token = this.nextNonSpace();
    if (token.type === 'text') return { kind: 'text', pos: token.pos, text: token.val };
    if (token.type !== 'leftDelim') this.unexpected(token, 'input');
    this.actionLine = token.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node | EndNode {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.val) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(token.val);
        case 'else':
          return this.elseControl();
        case 'end':
          return { kind: 'end', pos: this.expect('rightDelim', 'end').pos, line: token.line };
        case 'break':
        case 'continue':
          return this.branchControl(token);
        default:
          this.errorf(`{{${token.val}}} is not supported by berth's --format templates`);
      }
    }
    this.backup();
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'action', pos: pipe.pos, pipe };
  }

  private branchControl(token: Item): Node {
    const next = this.nextNonSpace();
    if (next.type !== 'rightDelim') this.unexpected(next, `{{${token.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${token.val}}} outside {{range}}`);
    return { kind: token.val === 'break' ? 'break' : 'continue', pos: token.pos };
  }

  private elseControl(): EndNode {
    const peek = this.peekNonSpace();
    if (peek.type === 'keyword' && (peek.val === 'if' || peek.val === 'with')) {
      return { kind: 'else', pos: peek.pos, line: peek.line };
    }
    const token = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: token.pos, line: token.line };
  }

  private control(context: 'if' | 'with' | 'range'): IfNode | RangeNode {
    const varCount = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.kind === 'else') {
      const peek = this.peek();
      if (context !== 'range' && peek.type === 'keyword' && peek.val === context) {
        // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}}; the inner {{end}} closes both.
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.control(context)] };
      } else {
        const [nodes, end] = this.itemList();
        if (end.kind !== 'end') this.errorf(`expected end; found {{${end.kind}}}`);
        elseList = nodes;
      }
    }
    this.vars.length = varCount;
    return { kind: context, pos: pipe.pos, pipe, list, elseList } as IfNode | RangeNode;
  }

  // --- pipelines ---

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: this.peekNonSpace().pos,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    this.declarations(pipe, context);
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (!operandStarts.has(token.type)) this.unexpected(token, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const start = this.index;
      this.next();
      const next = this.peekNonSpace();
      const decl: VariableNode = { kind: 'variable', pos: v.pos, idents: [v.val] };
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(decl);
        this.vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(decl);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.index = start;
      return;
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((cmd, i) => {
      const first = cmd.args[0];
      if (first && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.kind)) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
      case 'variable':
        return { kind: node.kind, pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      // falls through (errorf never returns)
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    const literal = (kind: LiteralNode['kind'], value: unknown): LiteralNode => ({
      kind,
      pos: token.pos,
      text: token.val,
      value,
    });
    switch (token.type) {
      case 'identifier':
        if (!this.funcs.has(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { kind: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return literal('dot', undefined);
      case 'nil':
        return literal('nil', null);
      case 'bool':
        return literal('bool', token.val === 'true');
      case 'variable':
        if (!this.vars.includes(token.val)) {
          this.errorf(`undefined variable ${goQuote(token.val)}`);
        }
        return { kind: 'variable', pos: token.pos, idents: [token.val] };
      case 'field':
        return { kind: 'field', pos: token.pos, idents: [token.val.slice(1)] };
      case 'number':
      case 'charConstant':
        return literal('number', this.number(token));
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return literal('string', this.unquote(token.val));
      default:
        this.backup();
        return undefined;
    }
  }

  private unquote(text: string): string {
    const value = goUnquote(text);
    if (value === undefined) this.errorf('invalid syntax');
    return value;
  }

  private number(token: Item): number {
    if (token.type === 'charConstant') {
      const chars = [...this.unquote(token.val)];
      if (chars.length !== 1) this.errorf(`malformed character constant: ${token.val}`);
      return chars[0]?.codePointAt(0) ?? 0;
    }
    const value = parseGoNumber(token.val);
    if (value === undefined) this.errorf(`illegal number syntax: ${goQuote(token.val)}`);
    return value;
  }
}

/** A Go numeric literal (int in any base, or decimal float); undefined when malformed. */
export function parseGoNumber(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '').replace(/_/g, '');
  let value: number;
  if (/^0[0-7]+$/.test(body)) value = parseInt(body, 8);
  else if (/^0[xXoObB]/.test(body) || /^[0-9]*\.?[0-9]*([eE][+-]?[0-9]+)?$/.test(body)) {
    value = body === '' || body === '.' ? NaN : Number(body);
  } else value = NaN;
  return Number.isNaN(value) ? undefined : sign * value;
}

function isEnd(node: Node | EndNode): node is EndNode {
  return node.kind === 'end' || node.kind === 'else';
}

function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'keyword') return `<${item.val}>`;
  const runes = [...item.val];
  if (runes.length > 10) return `${goQuote(runes.slice(0, 10).join(''))}...`;
  return goQuote(item.val);
}
