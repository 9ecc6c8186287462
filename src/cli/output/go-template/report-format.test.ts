// podman's --format conventions for list output (containers/common pkg/report): table prefix,
// \t and \n typed literally, the implicit range, header rows, alignment and `json`.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BerthError } from '../../../lib/berth-error.ts';
import { defaultHeader, splitCamelCase } from './header-row.ts';
import {
  compileReport,
  enforceRange,
  hasTable,
  isJsonFormat,
  normalizeFormat,
  parseFormat,
} from './report-format.ts';

const items = [
  { ID: 'c061a0839e', Value: 'one', Names: ['a'] },
  { ID: 'f10fc2e11057', Value: 'two', Names: ['b', 'c'] },
  { ID: '1eb6fab5aa8f4b5cbfd3e66aa35e9b2a', Value: 'three', Names: [] },
];

describe('normalizeFormat (report.NormalizeFormat)', () => {
  const cases: [string, string][] = [
    ['{{.ID}}\t{{.ID}}', '{{.ID}}\t{{.ID}}\n'],
    ['{{.ID}}\\t{{.ID}}', '{{.ID}}\t{{.ID}}\n'],
    ['{{.ID}} {{.ID}}', '{{.ID}} {{.ID}}\n'],
    ['table {{.ID}}\\t{{.ID}}', '{{.ID}}\t{{.ID}}\n'],
    ['table {{.ID}} {{.ID}}', '{{.ID}}\t{{.ID}}\n'],
    ['{{.ID}}\\n', '{{.ID}}\n'],
  ];
  for (const [input, expected] of cases) {
    it(`normalizes ${JSON.stringify(input)}`, () => assert.equal(normalizeFormat(input), expected));
  }
});

describe('format helpers', () => {
  it('detects tables and json as podman does', () => {
    assert.equal(hasTable('table {{.ID}}'), true);
    assert.equal(hasTable('{{.ID}} table '), false);
    const json = ['json', ' json ', '{{json}}', '{{json }}', '{{json.}}', '{{ json. }}'];
    const notJson = [
      '{{ json .}}',
      '{{ json . }}',
      '{{ json .',
      'json . }}',
      '{{.ID }} json .',
      'json .',
    ];
    assert.deepEqual(
      json.map(isJsonFormat),
      json.map(() => true),
    );
    assert.deepEqual(
      notJson.map(isJsonFormat),
      notJson.map(() => false),
    );
  });

  it('wraps formats in a range unless they range over dot (report.EnforceRange)', () => {
    assert.equal(enforceRange('foobar was here'), '{{range .}}foobar was here{{end -}}');
    assert.equal(enforceRange('{{range .}}x{{end}}'), '{{range .}}x{{end}}');
    assert.equal(enforceRange('{{range .}}x{{end -}}'), '{{range .}}x{{end -}}');
  });

  it('parses table formats into a ranged template', () => {
    assert.deepEqual(parseFormat('table {{.ID}}\t{{.Names}}'), {
      table: true,
      template: '{{range .}}{{.ID}}\t{{.Names}}\n{{end -}}',
    });
    assert.deepEqual(parseFormat('{{.ID}}'), {
      table: false,
      template: '{{range .}}{{.ID}}\n{{end -}}',
    });
  });

  it('falls back to the raw text when unescaping \\n breaks the template', () => {
    assert.equal(
      parseFormat('{{range .}}{{printf "\\n"}}{{end -}}').template,
      '{{range .}}{{printf "\\n"}}{{end -}}',
    );
    assert.equal(compileReport('{{range .}}{{printf "\\n"}}{{end -}}').render(items), '\n\n\n');
  });

  it('derives headers from field names like report.Headers', () => {
    assert.deepEqual(splitCamelCase('PDFLoader'), ['PDF', 'Loader']);
    assert.deepEqual(splitCamelCase('Field1'), ['Field', '1']);
    assert.equal(defaultHeader('CreatedHuman'), 'CREATED HUMAN');
    assert.equal(defaultHeader('ID'), 'ID');
    assert.equal(defaultHeader('Fieldb'), 'FIELDB');
  });
});

describe('compileReport', () => {
  it('prints a header row and aligned rows for table formats', () => {
    const report = compileReport('table {{.ID}}\t{{.Value}}');
    assert.equal(report.table, true);
    assert.equal(
      report.render(items, { headers: { ID: 'Identity' } }),
      'IDENTITY                          VALUE\nc061a0839e                        one\nf10fc2e11057                      two\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a  three\n',
    );
  });

  it('turns spaces in table formats into column breaks', () => {
    assert.equal(
      compileReport('table {{.ID}} {{.Value}}').render(items.slice(0, 1)),
      'ID          VALUE\nc061a0839e  one\n',
    );
  });

  it('prints only the header for an empty list, and nothing with --noheading', () => {
    const report = compileReport('table {{.ID}}\t{{.CreatedHuman}}');
    assert.equal(
      report.render([], { headers: { CreatedHuman: 'created' } }),
      'ID          CREATED\n',
    );
    assert.equal(report.render([], { noHeading: true }), '');
  });

  it('keeps header text intact through string functions', () => {
    const report = compileReport(
      'table {{.ID | truncate 3}}\t{{join .Names ","}}\t{{upper .Value}}',
    );
    assert.equal(report.headerRow({ ID: 'container id' }), 'CONTAINER ID\tNAMES\tVALUE\n');
  });

  it('renders user formats per item without headers or alignment', () => {
    const report = compileReport('{{.ID}}\\t{{join .Names ","}}');
    assert.equal(report.renderHeaders, false);
    assert.equal(
      report.render(items),
      'c061a0839e\ta\nf10fc2e11057\tb,c\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a\t\n',
    );
  });

  it('lets user formats range over the list themselves', () => {
    assert.equal(compileReport('{{range .}}{{.Value}} {{end}}').render(items), 'one two three \n');
  });

  it('aligns podman-origin formats with a header row (OriginPodman)', () => {
    const report = compileReport('Value\tIdent\n{{range .}}{{.ID}}\tID{{end}}', 'podman');
    assert.equal(report.renderHeaders, true);
    assert.equal(
      report.render(items, { headers: { ID: 'Identity' } }),
      'Value       Ident\nIDENTITY    ID\nValue       Ident\nc061a0839e  IDf10fc2e11057  ID1eb6fab5aa8f4b5cbfd3e66aa35e9b2a  ID\n',
    );
  });

  it('reports malformed formats as INVALID_TEMPLATE', () => {
    assert.throws(
      () => compileReport('table {{.ID}'),
      (e: unknown) =>
        e instanceof BerthError &&
        e.code === 'INVALID_TEMPLATE' &&
        /unexpected "}" in operand/.test(e.message),
    );
    assert.throws(
      () => compileReport('{{.Nope}}').render(items),
      (e: unknown) =>
        e instanceof BerthError && /can't evaluate field Nope in type struct/.test(e.message),
    );
  });
});
