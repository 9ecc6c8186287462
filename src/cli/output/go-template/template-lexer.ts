// Splits Go text/template source into items, mirroring text/template/parse/lex.go (default
// delimiters, trim markers, comments, literals). It only tokenizes: no parsing, no evaluation.

export type ItemType =
  | 'error'
  | 'eof'
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'dot'
  | 'bool'
  | 'nil'
  | 'number'
  | 'charConstant'
  | 'string'
  | 'rawString'
  | 'char'
  | 'pipe'
  | 'assign'
  | 'declare'
  | 'leftParen'
  | 'rightParen';

export interface Item {
  type: ItemType;
  val: string;
  /** Offset of the item in the source text. */
  pos: number;
  /** 1-based line of the item's start. */
  line: number;
}

const keywords = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);
const spaceChars = ' \t\r\n';
const numberPattern =
  /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)i?/;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && spaceChars.includes(ch);
}

export function isAlphaNumeric(ch: string | undefined): boolean {
  return ch !== undefined && /^[\p{L}\p{Nd}_]$/u.test(ch);
}

function hasLeftTrimMarker(s: string): boolean {
  return s.length >= 2 && s[0] === '-' && isSpace(s[1]);
}

function hasRightTrimMarker(s: string): boolean {
  return s.length >= 2 && isSpace(s[0]) && s[1] === '-';
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

/** Lexes the whole text; the list ends with an `eof` item or, on failure, an `error` item. */
export function lexTemplate(input: string): Item[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly items: Item[] = [];
  private pos = 0;
  private line = 1;
  private parenDepth = 0;

  constructor(private readonly input: string) {}

  run(): Item[] {
    while (this.lexText()) {
      // Each round lexes one text run and the action or comment after it.
    }
    return this.items;
  }

  private push(type: ItemType, start: number, end: number, line = this.line): void {
    this.items.push({ type, val: this.input.slice(start, end), pos: start, line });
  }

  private fail(message: string, at: number): false {
    this.items.push({ type: 'error', val: message, pos: at, line: this.line });
    return false;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    const { input, pos } = this;
    if (hasRightTrimMarker(input.slice(pos, pos + 2)) && input.startsWith('}}', pos + 2)) {
      return { delim: true, trim: true };
    }
    return { delim: input.startsWith('}}', pos), trim: false };
  }

  /** Go's atTerminator: what may follow an identifier, field or variable. */
  private atTerminator(): boolean {
    const ch = this.input[this.pos];
    return ch === undefined || isSpace(ch) || '.,|:)(}'.includes(ch);
  }

  private skipSpace(): void {
    while (isSpace(this.input[this.pos])) {
      if (this.input[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }

  /** Returns false when lexing is over (EOF or error). */
  private lexText(): boolean {
    const { input, pos } = this;
    const x = input.indexOf('{{', pos);
    if (x < 0) {
      if (pos < input.length) this.push('text', pos, input.length);
      this.line += countNewlines(input.slice(pos));
      this.push('eof', input.length, input.length);
      return false;
    }
    const trimLeft = hasLeftTrimMarker(input.slice(x + 2, x + 4));
    let textEnd = x;
    if (trimLeft) while (textEnd > pos && isSpace(input[textEnd - 1])) textEnd--;
    if (textEnd > pos) this.push('text', pos, textEnd);
    this.line += countNewlines(input.slice(pos, x));
    this.pos = x + 2 + (trimLeft ? 2 : 0);
    if (input.startsWith('/*', this.pos)) return this.lexComment(x);
    this.push('leftDelim', x, x + 2);
    this.parenDepth = 0;
    return this.lexInsideAction();
  }

  private lexComment(start: number): boolean {
    const end = this.input.indexOf('*/', this.pos + 2);
    if (end < 0) return this.fail('unclosed comment', start);
    this.line += countNewlines(this.input.slice(this.pos, end));
    this.pos = end + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.fail('comment ends before closing delimiter', start);
    this.pos += trim ? 4 : 2;
    if (trim) this.skipSpace();
    return true;
  }

  private lexInsideAction(): boolean {
    for (;;) {
      const { delim, trim } = this.atRightDelim();
      if (delim) {
        if (this.parenDepth !== 0) return this.fail('unclosed left paren', this.pos);
        if (trim) this.pos += 2;
        this.push('rightDelim', this.pos, this.pos + 2);
        this.pos += 2;
        if (trim) this.skipSpace();
        return true;
      }
      const ch = this.input[this.pos];
      if (ch === undefined) return this.fail('unclosed action', this.pos);
      if (isSpace(ch)) this.lexSpace();
      else if (!this.lexToken(ch)) return false;
    }
  }

  private lexSpace(): void {
    const start = this.pos;
    const startLine = this.line;
    let end = start;
    while (isSpace(this.input[end])) end++;
    // The space of a trim-marked right delimiter (" -}}") belongs to the delimiter.
    if (this.input.startsWith('-}}', end)) end--;
    if (end === start) return;
    this.line += countNewlines(this.input.slice(start, end));
    this.pos = end;
    this.push('space', start, end, startLine);
  }

  /** Lexes one non-space token starting with `ch`; false after an error. */
  private lexToken(ch: string): boolean {
    const start = this.pos;
    const next = this.input[start + 1] ?? '';
    this.pos++;
    const single: Record<string, ItemType> = { '=': 'assign', '|': 'pipe' };
    const singleType = single[ch];
    if (singleType) this.push(singleType, start, this.pos);
    else if (ch === ':') {
      if (next !== '=') return this.fail('expected :=', start);
      this.pos++;
      this.push('declare', start, this.pos);
    } else if (ch === '"') return this.lexQuote(start, '"', 'string', 'unterminated quoted string');
    else if (ch === "'") {
      return this.lexQuote(start, "'", 'charConstant', 'unterminated character constant');
    } else if (ch === '`') return this.lexRawQuote(start);
    else if (ch === '$') return this.lexFieldOrVariable(start, 'variable');
    else if (ch === '.' && !/[0-9]/.test(next)) return this.lexFieldOrVariable(start, 'field');
    else if (ch === '.' || ch === '+' || ch === '-' || /[0-9]/.test(ch))
      return this.lexNumber(start);
    else if (isAlphaNumeric(ch)) return this.lexIdentifier(start);
    else if (ch === '(') {
      this.parenDepth++;
      this.push('leftParen', start, this.pos);
    } else if (ch === ')') {
      this.parenDepth--;
      if (this.parenDepth < 0) return this.fail('unexpected right paren', start);
      this.push('rightParen', start, this.pos);
    } else if (ch >= ' ' && ch <= '~') this.push('char', start, this.pos);
    else return this.fail(`unrecognized character in action: ${describeRune(ch)}`, start);
    return true;
  }

  private lexQuote(start: number, quote: string, type: ItemType, unterminated: string): boolean {
    for (;;) {
      let ch = this.input[this.pos++];
      if (ch === '\\') {
        const escaped = this.input[this.pos++];
        ch = escaped === undefined || escaped === '\n' ? undefined : '';
      }
      if (ch === undefined || ch === '\n') return this.fail(unterminated, start);
      if (ch === quote) break;
    }
    this.push(type, start, this.pos);
    return true;
  }

  private lexRawQuote(start: number): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) return this.fail('unterminated raw quoted string', start);
    const startLine = this.line;
    this.line += countNewlines(this.input.slice(this.pos, end));
    this.pos = end + 1;
    this.push('rawString', start, this.pos, startLine);
    return true;
  }

  private lexFieldOrVariable(start: number, type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.push(type === 'variable' ? 'variable' : 'dot', start, this.pos);
      return true;
    }
    while (isAlphaNumeric(this.input[this.pos])) this.pos++;
    if (!this.atTerminator()) {
      return this.fail(`bad character ${describeRune(this.input[this.pos] ?? '')}`, this.pos);
    }
    this.push(type, start, this.pos);
    return true;
  }

  private lexNumber(start: number): boolean {
    const m = numberPattern.exec(this.input.slice(start));
    this.pos = start + Math.max(m?.[0].length ?? 0, 1);
    if (isAlphaNumeric(this.input[this.pos])) {
      const bad = this.input.slice(start, this.pos + 1);
      return this.fail(`bad number syntax: ${JSON.stringify(bad)}`, start);
    }
    this.push('number', start, this.pos);
    return true;
  }

  private lexIdentifier(start: number): boolean {
    while (isAlphaNumeric(this.input[this.pos])) this.pos++;
    if (!this.atTerminator()) {
      return this.fail(`bad character ${describeRune(this.input[this.pos] ?? '')}`, this.pos);
    }
    const word = this.input.slice(start, this.pos);
    let type: ItemType = 'identifier';
    if (keywords.has(word)) type = 'keyword';
    else if (word === 'true' || word === 'false') type = 'bool';
    else if (word === 'nil') type = 'nil';
    this.push(type, start, this.pos);
    return true;
  }
}

/** Go's %#U: U+007D '}'. */
export function describeRune(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}
