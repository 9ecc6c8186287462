// The parse tree of a Go text/template (the subset berth supports), and `nodeString`, which
// prints a node the way Go's parse.Node.String does for error context. Data only, no logic.

export interface TextNode {
  kind: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  kind: 'action';
  pos: number;
  pipe: PipeNode;
}
export interface IfNode {
  kind: 'if' | 'with';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
export interface RangeNode {
  kind: 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
export interface BranchNode {
  kind: 'break' | 'continue';
  pos: number;
}
/** Internal markers returned by the parser for {{end}} and {{else}}; never in a finished tree. */
export interface EndNode {
  kind: 'end' | 'else';
  pos: number;
  line: number;
}
export type Node = TextNode | ActionNode | IfNode | RangeNode | BranchNode;
export interface ListNode {
  kind: 'list';
  pos: number;
  nodes: Node[];
}

export interface PipeNode {
  kind: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  kind: 'field';
  pos: number;
  idents: string[];
}
export interface VariableNode {
  kind: 'variable';
  pos: number;
  /** The variable name ("$" or "$x") followed by field names. */
  idents: string[];
}
export interface ChainNode {
  kind: 'chain';
  pos: number;
  node: ArgNode;
  fields: string[];
}
export interface IdentifierNode {
  kind: 'identifier';
  pos: number;
  name: string;
}
export interface LiteralNode {
  kind: 'dot' | 'nil' | 'bool' | 'number' | 'string';
  pos: number;
  /** The source text (quoted for strings). */
  text: string;
  value: unknown;
}
export type ArgNode =
  FieldNode | VariableNode | ChainNode | IdentifierNode | LiteralNode | PipeNode;

export type AnyNode = Node | ListNode | ArgNode | CommandNode;

/** Go's Node.String(), used for the "at <...>" part of execution errors. */
export function nodeString(node: AnyNode): string {
  switch (node.kind) {
    case 'text':
      return JSON.stringify(node.text);
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range':
      return `{{${node.kind} ${nodeString(node.pipe)}}}`;
    case 'break':
    case 'continue':
      return `{{${node.kind}}}`;
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'pipe': {
      const decl = node.decl.length
        ? `${node.decl.map(nodeString).join(', ')} ${node.isAssign ? '=' : ':='} `
        : '';
      return decl + node.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return node.args
        .map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a)))
        .join(' ');
    case 'field':
      return node.idents.map((i) => `.${i}`).join('');
    case 'variable':
      return node.idents.join('.');
    case 'chain': {
      const base = node.node.kind === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return base + node.fields.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return node.name;
    default:
      return node.text;
  }
}
