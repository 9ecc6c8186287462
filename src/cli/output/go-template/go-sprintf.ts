// Go's fmt.Sprintf / Sprint / Sprintln for template functions: verbs %v %s %d %q %x %X %o %b
// %c %U %t %e %f %g %T %%, flags - + # 0 space, width and precision. Mistakes print as Go does
// (%!d(string=x), %!s(MISSING), %!(EXTRA ...)); it never throws.

import { canBackquote, goQuote } from './go-quote.ts';
import { formatGoValue, goExponent, goTypeName, isRecord, sortedKeys } from './go-value.ts';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  precision: number | undefined;
  verb: string;
}

/** fmt.Sprint: operands as %v, a space between two operands when neither is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatGoValue(arg, true);
  });
  return out;
}

/** fmt.Sprintln: operands as %v separated by spaces, then a newline. */
export function goSprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatGoValue(a, true)).join(' ')}\n`;
}

export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  const takeInt = (): number | undefined => {
    const v = args[argIndex++];
    return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  };
  for (let i = 0; i < format.length;) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    const parsed = parseSpec(format, percent + 1, takeInt);
    i = parsed.end;
    const { spec } = parsed;
    if (spec.verb === '%') out += '%';
    else if (spec.verb === '') out += '%!(NOVERB)';
    else if (argIndex >= args.length) out += `%!${spec.verb}(MISSING)`;
    else out += pad(formatArg(args[argIndex++], spec), spec);
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((a) => `${goTypeName(a)}=${formatGoValue(a, true)}`);
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function parseSpec(
  format: string,
  start: number,
  takeInt: () => number | undefined,
): { spec: Spec; end: number } {
  const spec: Spec = {
    minus: false,
    plus: false,
    sharp: false,
    space: false,
    zero: false,
    width: undefined,
    precision: undefined,
    verb: '',
  };
  let i = start;
  const flags: Record<string, keyof Spec> = {
    '-': 'minus',
    '+': 'plus',
    '#': 'sharp',
    ' ': 'space',
    '0': 'zero',
  };
  for (let flag = flags[format[i] ?? '']; flag; flag = flags[format[i] ?? '']) {
    (spec as unknown as Record<string, boolean>)[flag] = true;
    i++;
  }
  const number = (): number | undefined => {
    if (format[i] === '*') {
      i++;
      return takeInt();
    }
    const m = /^[0-9]+/.exec(format.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  spec.width = number();
  if (format[i] === '.') {
    i++;
    spec.precision = number() ?? 0;
  }
  const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
  if (i < format.length) {
    spec.verb = verb;
    i += verb.length;
  }
  return { spec, end: i };
}

function pad(text: string, spec: Spec): string {
  const width = spec.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (spec.minus) return text + ' '.repeat(fill);
  if (spec.zero && /^[+\- ]?[0-9]/.test(text) && 'dbo xXeEfFgGv'.includes(spec.verb)) {
    const sign = /^[+\- ]/.test(text) ? text.charAt(0) : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function badVerb(value: unknown, spec: Spec): string {
  if (value === undefined || value === null) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${goTypeName(value)}=${formatGoValue(value, true)})`;
}

function formatArg(value: unknown, spec: Spec): string {
  if (spec.verb === 'T') return goTypeName(value);
  if (value === undefined || value === null)
    return spec.verb === 'v' ? '<nil>' : badVerb(value, spec);
  if (typeof value === 'string') return formatString(value, spec);
  if (typeof value === 'boolean')
    return 'vt'.includes(spec.verb) ? String(value) : badVerb(value, spec);
  if (typeof value === 'bigint') return formatInteger(Number(value), spec);
  if (typeof value === 'number') {
    return Number.isInteger(value) && !'eEfFgG'.includes(spec.verb)
      ? formatInteger(value, spec)
      : formatFloat(value, spec);
  }
  if (Array.isArray(value)) return `[${value.map((v) => elementString(v, spec)).join(' ')}]`;
  if (isRecord(value)) {
    if (spec.verb === 'v' || spec.verb === 's') {
      const custom = formatGoValue(value, true);
      if (!custom.startsWith('map[')) return custom;
    }
    const parts = sortedKeys(value).map(
      (k) => `${formatArg(k, spec)}:${elementString(value[k], spec)}`,
    );
    return `map[${parts.join(' ')}]`;
  }
  return formatGoValue(value, true);
}

function elementString(value: unknown, spec: Spec): string {
  return formatArg(value, { ...spec, width: undefined });
}

function formatString(s: string, spec: Spec): string {
  const limited = spec.precision === undefined ? s : [...s].slice(0, spec.precision).join('');
  switch (spec.verb) {
    case 'v':
    case 's':
      return limited;
    case 'q':
      return spec.sharp && canBackquote(limited) ? `\`${limited}\`` : goQuote(limited);
    case 'x':
    case 'X': {
      const hex = Buffer.from(limited, 'utf8').toString('hex');
      return spec.verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return badVerb(s, spec);
  }
}

function signed(text: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${text}`;
  if (spec.plus) return `+${text}`;
  return spec.space ? ` ${text}` : text;
}

function formatInteger(n: number, spec: Spec): string {
  const negative = n < 0;
  const abs = BigInt(Math.abs(n));
  const digits = (radix: number): string => {
    const text = abs.toString(radix);
    return spec.precision !== undefined ? text.padStart(spec.precision, '0') : text;
  };
  switch (spec.verb) {
    case 'v':
    case 'd':
      return signed(digits(10), negative, spec);
    case 'b':
      return signed(digits(2), negative, spec);
    case 'o':
      return signed((spec.sharp ? '0' : '') + digits(8), negative, spec);
    case 'O':
      return signed(`0o${digits(8)}`, negative, spec);
    case 'x':
    case 'X': {
      const text = (spec.sharp ? '0x' : '') + digits(16);
      return signed(spec.verb === 'X' ? text.toUpperCase() : text, negative, spec);
    }
    case 'c':
      return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD';
    case 'q':
      return n >= 0 && n <= 0x10ffff ? goQuote(String.fromCodePoint(n), "'") : "'\uFFFD'";
    case 'U': {
      const u = `U+${abs.toString(16).toUpperCase().padStart(4, '0')}`;
      return spec.sharp && n <= 0x10ffff ? `${u} '${String.fromCodePoint(n)}'` : u;
    }
    default:
      return badVerb(n, spec);
  }
}

function formatFloat(x: number, spec: Spec): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const prec = spec.precision;
  let text: string;
  switch (spec.verb) {
    case 'f':
    case 'F': {
      const decimals = prec ?? 6;
      const exact = exactDecimal(abs);
      const r = roundDigits(exact, exact.dp + decimals);
      text = digitsToFixed(r.digits, r.dp, decimals);
      break;
    }
    case 'e':
    case 'E':
      text = formatE(abs, prec ?? 6, spec.verb === 'E');
      break;
    case 'v':
    case 'g':
    case 'G':
      text = formatG(abs, prec ?? -1, spec.verb === 'G');
      break;
    default:
      return badVerb(x, spec);
  }
  return signed(text, negative, spec);
}

interface Decimal {
  /** Significant digits without leading or trailing zeros ('' for zero). */
  digits: string;
  /** Position of the decimal point relative to the digits. */
  dp: number;
}

/** The exact decimal value of a double (toFixed(100) is exact for all but tiny values). */
function exactDecimal(abs: number): Decimal {
  const [whole = '0', fraction = ''] =
    abs >= 1e21 ? [BigInt(abs).toString()] : abs.toFixed(100).split('.');
  const all = whole + fraction;
  const lead = /^0*/.exec(all)?.[0].length ?? 0;
  return { digits: all.slice(lead).replace(/0+$/, ''), dp: whole.length - lead };
}

/** Keeps `keep` digits, rounding half to even as Go's strconv does. */
function roundDigits(d: Decimal, keep: number): Decimal {
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: '', dp: d.dp };
  const kept = d.digits.slice(0, keep);
  const rest = d.digits.slice(keep);
  const lastKept = Number(kept.charAt(kept.length - 1) || '0');
  const up = rest > '5' || (rest === '5' && lastKept % 2 === 1);
  if (!up) return { digits: kept.replace(/0+$/, ''), dp: d.dp };
  const out = kept.split('').map(Number);
  let i = out.length - 1;
  while (i >= 0 && out[i] === 9) out[i--] = 0;
  if (i < 0) return { digits: `1${out.join('')}`.replace(/0+$/, ''), dp: d.dp + 1 };
  out[i] = (out[i] ?? 0) + 1;
  return { digits: out.join('').replace(/0+$/, ''), dp: d.dp };
}

function formatE(abs: number, prec: number, upper: boolean): string {
  const r = roundDigits(exactDecimal(abs), prec + 1);
  const digits = (r.digits || '0').padEnd(prec + 1, '0');
  const exp = r.digits === '' ? 0 : r.dp - 1;
  const mantissa = digits.charAt(0) + (prec > 0 ? `.${digits.slice(1)}` : '');
  return `${mantissa}${upper ? 'E' : 'e'}${goExponent(exp)}`;
}

/** The shortest digits that read back as `abs` (both Go and JS pick these). */
function shortestDecimal(abs: number): Decimal {
  const [mantissa = '', exp = '0'] = abs.toExponential().split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, ''), dp: Number(exp) + 1 };
}

/** strconv.FormatFloat(x, 'g', prec) for x >= 0; prec -1 means shortest (as %v). */
export function formatG(abs: number, prec: number, upper = false): string {
  if (abs === 0) return '0';
  const shortest = prec < 0;
  const wanted = shortest ? 0 : Math.max(prec, 1);
  const { digits, dp } = shortest ? shortestDecimal(abs) : roundDigits(exactDecimal(abs), wanted);
  const nd = digits.length;
  const exp = dp - 1;
  let eprec = wanted;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (shortest) eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const p = shortest ? nd : Math.min(wanted, nd);
    const m = digits.charAt(0) + (p > 1 ? `.${digits.slice(1, p)}` : '');
    return `${m}${upper ? 'E' : 'e'}${goExponent(exp)}`;
  }
  const p = shortest || wanted > dp ? nd : wanted;
  return digitsToFixed(digits, dp, Math.max(p - dp, 0));
}

function digitsToFixed(digits: string, dp: number, decimals: number): string {
  const all = dp <= 0 ? '0'.repeat(1 - dp) + digits : digits.padEnd(dp, '0');
  const intLength = dp <= 0 ? 1 : dp;
  const fraction = all.slice(intLength).padEnd(decimals, '0').slice(0, decimals);
  return all.slice(0, intLength) + (decimals > 0 ? `.${fraction}` : '');
}
