// Behaviour of the Go text/template subset: each construct, Go's value printing and truth,
// whitespace trimming, and Go's error messages for malformed templates and bad fields.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BerthError } from '../../../lib/berth-error.ts';
import { compileTemplate, renderTemplate } from './compile-template.ts';
import { GO_TYPE_NAME, goMap } from './go-value.ts';

const data = {
  ID: 'f10fc2e11057',
  Names: ['web', 'db'],
  Count: 3,
  Ratio: 1.5,
  Running: true,
  Empty: '',
  Nothing: null,
  List: [] as string[],
  Host: { OciRuntime: { Name: 'crun', Version: '1.8' }, Arch: 'amd64' },
  Labels: goMap({ 'io.berth': 'yes', app: 'web' }, ''),
  Ports: [
    { HostPort: 8080, ContainerPort: 80 },
    { HostPort: 3306, ContainerPort: 3306 },
  ],
};

const render = (text: string, dot: unknown = data): string => renderTemplate(text, dot);

function templateError(text: string, dot: unknown = data): string {
  try {
    renderTemplate(text, dot);
  } catch (error) {
    assert.ok(error instanceof BerthError, `not a BerthError: ${String(error)}`);
    assert.equal(error.code, 'INVALID_TEMPLATE');
    return error.message;
  }
  assert.fail(`expected ${text} to fail`);
}

describe('text and fields', () => {
  it('copies text and prints fields and chains, case-sensitively', () => {
    assert.equal(render('plain text'), 'plain text');
    assert.equal(render('{{.ID}}'), 'f10fc2e11057');
    assert.equal(render('{{.Host.OciRuntime.Name}}/{{.Host.Arch}}'), 'crun/amd64');
    assert.equal(render('{{.}}', 'dot'), 'dot');
    assert.match(templateError('{{.id}}'), /can't evaluate field id in type struct/);
  });

  it('reports an unknown struct field as Go does, with position and context', () => {
    assert.equal(
      templateError('ab{{.Foo}}'),
      'template: format:1:4: executing "format" at <.Foo>: can\'t evaluate field Foo in type struct',
    );
    assert.match(templateError('{{.ID.Len}}'), /can't evaluate field Len in type string/);
    assert.match(templateError('{{.Nothing.X}}'), /nil pointer evaluating interface \{\}\.X/);
  });

  it('uses the Go type name an object carries', () => {
    const inspect = { [GO_TYPE_NAME]: '*define.InspectContainerData', Id: 'x' };
    assert.match(templateError('{{.Foo}}', inspect), /in type \*define\.InspectContainerData$/);
  });

  it('treats goMap objects as Go maps: missing keys are <no value>', () => {
    assert.equal(render('{{.Labels.app}}'), 'web');
    assert.equal(render('{{.Labels.missing}}'), '<no value>');
    assert.equal(render('{{index .Labels "missing"}}|'), '|');
    assert.equal(render('{{index .Labels "io.berth"}}'), 'yes');
  });

  it('prints values as Go %v does', () => {
    assert.equal(render('{{.Count}} {{.Ratio}} {{.Running}}'), '3 1.5 true');
    assert.equal(render('{{.Names}}'), '[web db]');
    assert.equal(render('{{.Labels}}'), 'map[app:web io.berth:yes]');
    assert.equal(render('{{.Nothing}}'), '<no value>');
    assert.equal(
      render('{{.Ports}}'),
      '[map[ContainerPort:80 HostPort:8080] map[ContainerPort:3306 HostPort:3306]]',
    );
    assert.equal(render('{{.}}', 1234567.5), '1.2345675e+06');
    assert.equal(render('{{.}}', [null, 'a']), '[<nil> a]');
  });
});

describe('trim markers and comments', () => {
  it('trims space before {{- and after -}}', () => {
    assert.equal(render('a  \n {{- .Count -}} \n  b'), 'a3b');
    assert.equal(render('a {{- .Count}} b'), 'a3 b');
    assert.equal(render('a {{.Count -}} b'), 'a 3b');
  });

  it('keeps "-3" as a number, not a trim marker', () => {
    assert.equal(render('a {{-3}}'), 'a -3');
  });

  it('drops comments, honouring their trim markers', () => {
    assert.equal(render('a{{/* note */}}b'), 'ab');
    assert.equal(render('a {{- /* note */ -}} b'), 'ab');
    assert.match(templateError('{{/* open'), /unclosed comment/);
  });
});

describe('variables', () => {
  it('binds $ to the root everywhere', () => {
    assert.equal(
      render('{{range .Names}}{{.}}@{{$.ID}} {{end}}'),
      'web@f10fc2e11057 db@f10fc2e11057 ',
    );
  });

  it('declares and assigns variables', () => {
    assert.equal(render('{{$x := .Count}}{{$x}}{{$x = 7}}{{$x}}'), '37');
    assert.equal(render('{{$h := .Host}}{{$h.OciRuntime.Version}}'), '1.8');
  });

  it('scopes variables to their control block', () => {
    assert.match(templateError('{{if true}}{{$x := 1}}{{end}}{{$x}}'), /undefined variable "\$x"/);
  });
});

describe('range', () => {
  it('iterates arrays with index and element', () => {
    assert.equal(render('{{range $i, $n := .Names}}{{$i}}:{{$n}} {{end}}'), '0:web 1:db ');
    assert.equal(
      render('{{range .Ports}}{{.HostPort}}->{{.ContainerPort}};{{end}}'),
      '8080->80;3306->3306;',
    );
  });

  it('iterates objects in sorted key order', () => {
    assert.equal(
      render('{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}'),
      'app=web,io.berth=yes,',
    );
  });

  it('runs else for empty or nil lists', () => {
    assert.equal(render('{{range .List}}x{{else}}none{{end}}'), 'none');
    assert.equal(render('{{range .Nothing}}x{{else}}nil{{end}}'), 'nil');
  });

  it('supports break and continue', () => {
    const text =
      '{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}';
    assert.equal(render(text, [1, 2, 3, 4, 5]), '13');
    assert.match(templateError('{{break}}'), /\{\{break\}\} outside \{\{range\}\}/);
  });

  it('refuses to range over a scalar', () => {
    assert.match(templateError('{{range .Running}}{{end}}'), /range can't iterate over true/);
  });
});

describe('if and with', () => {
  it('chooses branches with else if and else', () => {
    const text = '{{if eq .Count 1}}one{{else if eq .Count 3}}three{{else}}many{{end}}';
    assert.equal(render(text), 'three');
    assert.equal(render(text, { Count: 9 }), 'many');
  });

  it('follows Go truth', () => {
    const truth = (v: unknown): string => render('{{if .}}T{{else}}F{{end}}', v);
    assert.deepEqual(
      [false, 0, '', [], {}, null, true, 1, 'x', [0], { a: 1 }].map(truth).join(''),
      'FFFFFFTTTTT',
    );
  });

  it('rebinds dot in with, and takes else with', () => {
    assert.equal(render('{{with .Host.OciRuntime}}{{.Name}} {{.Version}}{{end}}'), 'crun 1.8');
    assert.equal(render('{{with .Empty}}x{{else with .ID}}{{.}}{{end}}'), 'f10fc2e11057');
  });
});

describe('pipelines and functions', () => {
  it('passes the previous value as the last argument', () => {
    assert.equal(render('{{.ID | upper}}'), 'F10FC2E11057');
    assert.equal(render('{{.ID | printf "%s-%s" "x" | upper}}'), 'X-F10FC2E11057');
    assert.equal(render('{{.ID | printf "%s-%s" "x"}}'), 'x-f10fc2e11057');
  });

  it('evaluates parenthesised pipelines and chains on them', () => {
    assert.equal(render('{{(index .Names 1) | upper}}'), 'DB');
    assert.equal(render('{{(index .Ports 0).HostPort}}'), '8080');
  });

  it('has the string functions podman offers', () => {
    assert.equal(render('{{join .Names ", "}}'), 'web, db');
    assert.equal(render('{{split "a:b:c" ":"}}'), '[a b c]');
    assert.equal(render('{{lower "ABC"}} {{title "hello wide-world"}}'), 'abc Hello Wide-World');
    assert.equal(render('{{truncate .ID 4}}|{{truncate "ab" 4}}'), 'f10f|ab');
    assert.equal(render('[{{pad "x" 1 2}}][{{pad "" 1 2}}]'), '[ x  ][]');
    assert.equal(render('{{contains .ID "fc2"}} {{replace "aaa" "a" "b" 2}}'), 'true bba');
  });

  it('has len, index, slice, print and println', () => {
    assert.equal(render('{{len .Names}} {{len .ID}} {{len .Labels}}'), '2 12 2');
    assert.equal(render('{{index .Names 0}} {{index .Ports 1 "HostPort"}}'), 'web 3306');
    assert.equal(render('{{slice .ID 0 3}} {{slice .Names 1}}'), 'f10 [db]');
    assert.equal(render('{{print "a" 1 2 "b"}}|{{println "x" 1}}'), 'a1 2b|x 1\n');
    assert.match(templateError('{{index .Names 5}}'), /error calling index: index out of range: 5/);
  });

  it('compares and combines like Go', () => {
    assert.equal(
      render('{{eq .Count 3}} {{ne .ID "x"}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}'),
      'true true true true true false',
    );
    assert.equal(render('{{eq .Count 1 2 3}}'), 'true');
    assert.equal(render('{{and 1 "x" .Empty}}|{{or .Empty 0 "y"}}|{{not .Running}}'), '|y|false');
    assert.equal(render('{{or .Empty .ID}}'), 'f10fc2e11057');
    assert.match(
      templateError('{{lt .ID 1}}'),
      /error calling lt: incompatible types for comparison/,
    );
  });

  it('short-circuits and/or', () => {
    assert.equal(render('{{and false (index .Names 99)}}'), 'false');
    assert.equal(render('{{or true (index .Names 99)}}'), 'true');
  });

  it('marshals json as podman does (compact, no HTML escaping)', () => {
    assert.equal(render('{{json .Names}}'), '["web","db"]');
    assert.equal(
      render('{{json .}}', { A: '<b>&', B: null, C: 1.5 }),
      '{"A":"<b>&","B":null,"C":1.5}',
    );
    assert.equal(render('{{json .Labels}}'), '{"app":"web","io.berth":"yes"}');
  });

  it('calls function-valued fields as methods', () => {
    const dot = { Greet: (who: string) => `hi ${who}`, Upper: () => 'U' };
    assert.equal(render('{{.Greet "bob"}} {{.Upper}}', dot), 'hi bob U');
  });

  it('checks function argument counts and types', () => {
    assert.match(templateError('{{upper}}'), /wrong number of args for upper: want 1 got 0/);
    assert.match(
      templateError('{{upper .Count}}'),
      /wrong type for value; expected string; got int/,
    );
    assert.match(templateError('{{truncate .ID 1.5}}'), /expected integer; found 1\.5/);
    assert.match(templateError('{{.ID 1}}'), /ID has arguments but cannot be invoked as function/);
    assert.match(
      templateError('{{"x" | upper | 3}}'),
      /non executable command in pipeline stage 3/,
    );
  });
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['{{.ID}', 'template: format:1: unexpected "}" in operand'],
    ['{{.ID', 'template: format:1: unclosed action'],
    ['{{if .ID}}x', 'template: format:1: unexpected EOF'],
    ['{{end}}', 'template: format:1: unexpected {{end}}'],
    ['{{else}}', 'template: format:1: unexpected {{else}}'],
    ['{{nosuch .ID}}', 'template: format:1: function "nosuch" not defined'],
    ['{{$nope}}', 'template: format:1: undefined variable "$nope"'],
    ['{{}}', 'template: format:1: missing value for command'],
    ['{{"abc}}', 'template: format:1: unterminated quoted string'],
    ['{{(.ID}}', 'template: format:1: unclosed left paren'],
    ['{{.ID)}}', 'template: format:1: unexpected right paren'],
    ['{{3x}}', 'template: format:1: bad number syntax: "3x"'],
    ['{{range $a, $b, $c := .Names}}{{end}}', 'template: format:1: too many declarations in range'],
    ['{{if 1}}{{else}}{{else}}{{end}}', 'template: format:1: expected end; found {{else}}'],
    ['line1\n{{.ID}', 'template: format:2: unexpected "}" in operand'],
    ['{{.ID |\n.Names}', 'template: format:2: unexpected "}" in operand'],
    ['{{.A\n', 'template: format:2: unclosed action started at format:1'],
  ];
  for (const [text, message] of cases) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => compileTemplate(text),
        (error: unknown) => {
          assert.ok(error instanceof BerthError);
          assert.equal(error.code, 'INVALID_TEMPLATE');
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }

  it('names the template in messages', () => {
    assert.throws(
      () => compileTemplate('{{.A', 'ps'),
      /^BerthError: template: ps:1: unclosed action$/,
    );
  });
});

describe('compiled templates', () => {
  it('render many data values from one compile', () => {
    const template = compileTemplate('{{.Name}};');
    assert.equal(template.render({ Name: 'a' }) + template.render({ Name: 'b' }), 'a;b;');
  });

  it('accept extra functions', () => {
    const template = compileTemplate('{{shout .}}', 'x', {
      funcs: { shout: { params: ['string'], call: ([s]) => `${String(s)}!` } },
    });
    assert.equal(template.render('hey'), 'hey!');
  });
});
