// The TabWriter must reproduce Go's text/tabwriter byte for byte: cases from Go's own
// tabwriter_test.go, plus podman's configuration (minwidth 12, padding 2) on ps-like rows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  TAB_ESCAPE,
  TabWriter,
  type TabWriterOptions,
  formatTable,
  podmanTabWriterOptions,
  tabWriterFlags as F,
} from './tab-writer.ts';

function tab(
  minWidth: number,
  tabWidth: number,
  padding: number,
  padChar: string,
  flags: number,
): TabWriterOptions {
  return { minWidth, tabWidth, padding, padChar, flags };
}

const goCases: [string, TabWriterOptions, string, string][] = [
  ['5', tab(8, 0, 1, '.', 0), '*\t*', '*.......*'],
  ['5b', tab(8, 0, 1, '.', 0), '*\t*\n', '*.......*\n'],
  ['5c', tab(8, 0, 1, '.', 0), '*\t*\t', '*.......*'],
  ['5c debug', tab(8, 0, 1, '.', F.debug), '*\t*\t', '*.......|*'],
  ['5d', tab(8, 0, 1, '.', F.alignRight), '*\t*\t', '.......**'],
  ['6', tab(8, 0, 1, '.', 0), '\t\n', '........\n'],
  ['7b', tab(8, 0, 1, ' ', 0), 'b) foo\tbar', 'b) foo  bar'],
  ['7e', tab(8, 0, 1, '.', 0), 'e) foo\tbar\t\n', 'e) foo..bar.....\n'],
  [
    '7f',
    tab(8, 0, 1, '.', F.filterHtml),
    'f) f&lt;o\t<b>bar</b>\t\n',
    'f) f&lt;o..<b>bar</b>.....\n',
  ],
  [
    '9a',
    tab(1, 0, 0, '.', 0),
    '1\t2\t3\t4\n11\t222\t3333\t44444\n',
    '1.2..3...4\n11222333344444\n',
  ],
  ['9c', tab(1, 0, 0, '.', 0), '1\t2\t3\t4\f11\t222\t3333\t44444\n', '1234\n11222333344444\n'],
  [
    '9c debug',
    tab(1, 0, 0, '.', F.debug),
    '1\t2\t3\t4\f11\t222\t3333\t44444\n',
    '1|2|3|4\n---\n11|222|3333|44444\n',
  ],
  ['10a', tab(5, 0, 0, '.', 0), '1\t2\t3\t4\n', '1....2....3....4\n'],
  ['10b', tab(5, 0, 0, '.', 0), '1\t2\t3\t4\t\n', '1....2....3....4....\n'],
  [
    '11',
    tab(8, 0, 1, '.', 0),
    '本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n',
    '本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n',
  ],
  [
    '12a',
    tab(8, 0, 1, ' ', F.alignRight),
    'a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n',
    '       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n',
  ],
  [
    '12b',
    tab(2, 0, 0, ' ', 0),
    'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n',
    'a  b  c\naa bbbcccc\naaabbbb\n',
  ],
  [
    '13a',
    tab(4, 0, 1, '-', 0),
    '4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
    '4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n',
  ],
  ['15a', tab(4, 0, 0, '.', 0), 'a\t\tb', 'a.......b'],
  ['15b', tab(4, 0, 0, '.', F.discardEmptyColumns), 'a\t\tb', 'a.......b'],
  ['15c', tab(4, 0, 0, '.', F.discardEmptyColumns), 'a\v\vb', 'a...b'],
  ['15d', tab(4, 0, 0, '.', F.alignRight | F.discardEmptyColumns), 'a\v\vb', '...ab'],
  [
    '16a',
    tab(100, 100, 0, '\t', 0),
    'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
    'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
  ],
  [
    '16b',
    tab(100, 100, 0, '\t', F.discardEmptyColumns),
    'a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n',
    'a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
  ],
];

describe('TabWriter (Go tabwriter cases)', () => {
  for (const [name, options, input, expected] of goCases) {
    it(`case ${name}`, () => {
      assert.equal(new TabWriter(options).write(input).flush(), expected);
    });
  }

  it('gives the same result when the text arrives in pieces', () => {
    const [, options, input, expected] = goCases.find(([n]) => n === '13a') ?? assert.fail();
    const writer = new TabWriter(options);
    for (const ch of input) writer.write(ch);
    assert.equal(writer.flush(), expected);
  });

  it('keeps escaped text in one cell and strips the escapes when asked', () => {
    const text = `a${TAB_ESCAPE}\tb${TAB_ESCAPE}\tc\n`;
    assert.equal(new TabWriter(tab(1, 0, 1, ' ', F.stripEscape)).write(text).flush(), 'a\tb c\n');
    assert.equal(
      new TabWriter(tab(1, 0, 1, ' ', 0)).write(text).flush(),
      `a${TAB_ESCAPE}\tb${TAB_ESCAPE} c\n`,
    );
  });
});

describe('podman tables', () => {
  it('pads every column but the last to at least 12 columns, 2 spaces apart', () => {
    const out = formatTable([
      ['CONTAINER ID', 'IMAGE', 'STATUS', 'NAMES'],
      ['1eb6fab5aa8f', 'docker.io/library/busybox:latest', 'Up 2 seconds', 'web'],
      ['c061a0839e12', 'alpine', 'Exited (0)', 'db'],
    ]);
    assert.equal(
      out,
      'CONTAINER ID  IMAGE                             STATUS        NAMES\n' +
        '1eb6fab5aa8f  docker.io/library/busybox:latest  Up 2 seconds  web\n' +
        'c061a0839e12  alpine                            Exited (0)    db\n',
    );
    assert.ok(
      out.split('\n').every((line) => !line.endsWith(' ')),
      'last column is not padded',
    );
  });

  it('matches containers/common formatter_test output', () => {
    const out = new TabWriter(podmanTabWriterOptions)
      .write(
        'Identity\tValue\nc061a0839e\tone\nf10fc2e11057\ttwo\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a\tthree\n',
      )
      .flush();
    assert.equal(
      out,
      'Identity                          Value\nc061a0839e                        one\nf10fc2e11057                      two\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a  three\n',
    );
  });

  it('starts a new column block after a line without tabs', () => {
    assert.equal(
      formatTable([['a', 'b'], ['single'], ['long value here', 'c']]),
      'a           b\nsingle\nlong value here  c\n',
    );
  });

  it('rejects negative sizes', () => {
    assert.throws(() => new TabWriter(tab(-1, 0, 0, ' ', 0)), RangeError);
  });
});
