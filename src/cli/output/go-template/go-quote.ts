// Go's strconv.Quote and strconv.Unquote for template string literals and %q. Pure string
// functions; byte escapes (\xHH, \ooo) are decoded as UTF-8 like Go strings.

const simpleEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

function isPrint(ch: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch);
}

/** strconv.Quote (quote = '"') or strconv.QuoteRune (quote = "'"). */
export function goQuote(s: string, quote: '"' | "'" = '"'): string {
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (isPrint(ch)) out += ch;
    else if (simpleEscapes[ch] !== undefined) out += simpleEscapes[ch];
    else {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return out + quote;
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  return ![...s].some((ch) => ch === '`' || ch === '\uFFFD' || (ch !== '\t' && !isPrint(ch)));
}

const unescapes: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

/** strconv.Unquote for "...", '...' and `...`; undefined on invalid syntax. */
export function goUnquote(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) return undefined;
  const body = text.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (quote !== '"' && quote !== "'") return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < body.length;) {
    const ch = body[i] ?? '';
    if (ch === quote || ch === '\n') return undefined;
    if (ch !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(s, 'utf8'));
      i += s.length;
      continue;
    }
    const consumed = unescapeAt(body, i + 1, quote, bytes);
    if (consumed === undefined) return undefined;
    i += 1 + consumed;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes the escape after a backslash at body[i]; returns the characters consumed. */
function unescapeAt(body: string, i: number, quote: string, bytes: number[]): number | undefined {
  const c = body[i] ?? '';
  const simple = unescapes[c];
  if (simple !== undefined) {
    bytes.push(simple);
    return 1;
  }
  if (c === quote) {
    bytes.push(quote.charCodeAt(0));
    return 1;
  }
  const hexLength = { x: 2, u: 4, U: 8 }[c];
  if (hexLength !== undefined) {
    const hex = body.slice(i + 1, i + 1 + hexLength);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) return undefined;
    const value = parseInt(hex, 16);
    if (c === 'x') bytes.push(value);
    else if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) return undefined;
    else bytes.push(...Buffer.from(String.fromCodePoint(value), 'utf8'));
    return 1 + hexLength;
  }
  const octal = body.slice(i, i + 3);
  if (/^[0-7]{3}$/.test(octal)) {
    const value = parseInt(octal, 8);
    if (value > 255) return undefined;
    bytes.push(value);
    return 3;
  }
  return undefined;
}
