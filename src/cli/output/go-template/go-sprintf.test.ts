// Go fmt behaviour berth's printf/print must match: verbs, flags, width and precision, Go's
// float formatting, and the %!verb(...) forms Go prints instead of failing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { goJson } from './go-json.ts';
import { formatG, goSprint, goSprintf } from './go-sprintf.ts';
import { goMap } from './go-value.ts';

describe('goSprintf', () => {
  it('formats strings with width, alignment and precision', () => {
    assert.equal(goSprintf('%s|%5s|%-5s|%.2s', ['a', 'b', 'c', 'xyz']), 'a|    b|c    |xy');
    assert.equal(goSprintf('%-10s|', ['name']), 'name      |');
    assert.equal(goSprintf('%5s|', ['日本']), '   日本|');
  });

  it('formats integers in every base', () => {
    assert.equal(goSprintf('%d %5d %-4d| %05d %+d', [42, 7, 3, -42, 5]), '42     7 3   | -0042 +5');
    assert.equal(
      goSprintf('%x %X %#x %o %b %c %U', [255, 255, 255, 8, 5, 0x263a, 0x263a]),
      'ff FF 0xff 10 101 ☺ U+263A',
    );
  });

  it('formats floats as Go does', () => {
    assert.equal(goSprintf('%.2f %f %6.1f', [3.14159, 1.5, 2.25]), '3.14 1.500000    2.2');
    assert.equal(goSprintf('%e %.2E', [1234.5678, 0.000123]), '1.234568e+03 1.23E-04');
    assert.equal(
      goSprintf('%g %g %g %.3g', [100000.5, 1234567.5, 0.00001, 3.14159]),
      '100000.5 1.2345675e+06 1e-05 3.14',
    );
    assert.equal(goSprintf('%v', [0.1]), '0.1');
  });

  it('quotes with %q and hex-encodes strings with %x', () => {
    assert.equal(goSprintf('%q', ['a"b\n']), '"a\\"b\\n"');
    assert.equal(goSprintf('%#q %q', ['plain', 65]), "`plain` 'A'");
    assert.equal(goSprintf('%x %X', ['hi', 'hi']), '6869 6869');
  });

  it('prints booleans, lists, maps and nil with %v', () => {
    assert.equal(goSprintf('%v %t %v', [true, false, ['a', 1]]), 'true false [a 1]');
    assert.equal(goSprintf('%v %s', [goMap({ b: 2, a: 1 }), ['x', 'y']]), 'map[a:1 b:2] [x y]');
    assert.equal(goSprintf('%v %s', [null, null]), '<nil> %!s(<nil>)');
    assert.equal(goSprintf('%T %T %T %T', ['', 1, 1.5, []]), 'string int float64 []interface {}');
  });

  it('reports mistakes inline as Go does', () => {
    assert.equal(goSprintf('%d', ['x']), '%!d(string=x)');
    assert.equal(goSprintf('%s %d', ['only']), 'only %!d(MISSING)');
    assert.equal(goSprintf('%s', ['a', 1, 'b']), 'a%!(EXTRA int=1, string=b)');
    assert.equal(goSprintf('100%%', []), '100%');
    assert.equal(goSprintf('%d', [1.5]), '%!d(float64=1.5)');
  });

  it('supports * widths', () => {
    assert.equal(goSprintf('%*d|%-*s|', [4, 7, 3, 'a']), '   7|a  |');
  });
});

describe('goSprint and formatG', () => {
  it('adds spaces only between two non-strings', () => {
    assert.equal(goSprint([1, 2, 'a', 'b', 3, true]), '1 2ab3 true');
  });

  it('rounds to significant digits and switches to exponents like strconv', () => {
    assert.equal(formatG(123456, 3), '1.23e+05');
    assert.equal(formatG(0.0001234, -1), '0.0001234');
    assert.equal(formatG(1, 3), '1');
  });
});

describe('goJson', () => {
  it('writes compact JSON in field order, maps sorted', () => {
    assert.equal(
      goJson({ Z: 1, A: [true, null], M: goMap({ b: 'x', a: 'y' }) }),
      '{"Z":1,"A":[true,null],"M":{"a":"y","b":"x"}}',
    );
  });

  it('escapes like encoding/json, HTML only on request', () => {
    assert.equal(goJson('<a&b>\u2028'), '"<a&b>\\u2028"');
    assert.equal(goJson('<a&b>', true), '"\\u003ca\\u0026b\\u003e"');
    assert.equal(goJson(1e21), '1e+21');
    assert.throws(() => goJson(Number.NaN), /json: unsupported value: NaN/);
  });
});

describe('float rounding', () => {
  it('rounds exact halves to even, as strconv does', () => {
    assert.equal(
      goSprintf('%.1f %.0f %.0f %.0f %.2f', [2.25, 0.5, 1.5, 2.5, 1.005]),
      '2.2 0 2 2 1.00',
    );
    assert.equal(goSprintf('%.0e %.1e', [2.5, 9.96]), '2e+00 1.0e+01');
    assert.equal(
      goSprintf('%.2f %.3f %.1f', [0.996, 1e21, 0.04]),
      '1.00 1000000000000000000000.000 0.0',
    );
  });
});
