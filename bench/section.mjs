#!/usr/bin/env node
// Replaces (or appends) one scripted benchmark's section of bench/RESULTS.md: the text between
// `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->`. bench/report.mjs keeps these
// sections when it regenerates the hyperfine part of the file.
// Usage: section.mjs --results RESULTS.md --name NAME --file SECTION.md
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { results: { type: 'string' }, name: { type: 'string' }, file: { type: 'string' } },
});
if (!values.results || !values.name || !values.file) {
  console.error('usage: section.mjs --results RESULTS.md --name NAME --file SECTION.md');
  process.exit(2);
}
const begin = `<!-- bench:${values.name}:begin -->`;
const end = `<!-- bench:${values.name}:end -->`;
const block = `${begin}\n${readFileSync(values.file, 'utf8').trimEnd()}\n${end}`;
const text = existsSync(values.results) ? readFileSync(values.results, 'utf8') : '';
const from = text.indexOf(begin);
const to = text.indexOf(end);
const next =
  from >= 0 && to > from
    ? text.slice(0, from) + block + text.slice(to + end.length)
    : `${text.trimEnd()}\n\n${block}\n`;
writeFileSync(values.results, next);
