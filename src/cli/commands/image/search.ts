// `berth search TERM` / `berth image search`: podman 4's table (NAME DESCRIPTION; --compatible
// adds STARS OFFICIAL AUTOMATED), --list-tags (NAME TAG), json and Go templates.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseInteger } from '../../options/numbers.ts';
import type { ImageSearchResult } from '../../../domain/registry-reports.ts';
import {
  authfileOption,
  certDirOption,
  connectOptions,
  tlsVerifyOption,
  type RegistryFlags,
} from '../login/registry-flags.ts';

interface SearchFlags extends RegistryFlags {
  filter?: string[];
  format?: string;
  limit?: number;
  trunc?: boolean;
  compatible?: boolean;
  listTags?: boolean;
}

const truncateLength = 44;

export function registerSearch(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('search')
    .description('Search registry for image')
    .argument('<TERM>')
    .option(
      '-f, --filter <filter>',
      'Filter output based on conditions provided (default [])',
      collect,
    )
    .option('--format <format>', 'Change the output format to JSON or a Go template')
    .option('--limit <n>', 'Limit the number of results', parseInteger('limit'))
    .option('--no-trunc', 'Do not truncate the output')
    .option('--compatible', 'List stars, official and automated columns (Docker compatibility)')
    .option('--list-tags', 'List the tags of the input registry')
    .addOption(authfileOption())
    .addOption(certDirOption())
    .addOption(tlsVerifyOption())
    .action(async (term: string, flags: SearchFlags) => {
      const options = {
        term,
        filters: flags.filter ?? [],
        listTags: flags.listTags ?? false,
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
        ...connectOptions(flags),
      };
      const results = await withEngine(globals, (engine) => engine.images.search(options));
      if (results.length === 0) return;
      process.stdout.write(await render(results, flags));
    });
}

async function render(results: ImageSearchResult[], flags: SearchFlags): Promise<string> {
  const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
  const { toJson } = await import('../../output/format-report.ts');
  const json = flags.format !== undefined && isJsonFormat(flags.format);
  const rows = results.map((result) => ({
    ...result,
    Description: describe(result.Description, json || flags.trunc === false),
  }));
  if (flags.listTags) {
    if (json) return toJson(tagsJson(rows));
    return compileReport('table {{.Name}}\t{{.Tag}}', 'podman').render(rows);
  }
  if (json) return toJson(rows);
  if (flags.format !== undefined) return compileReport(flags.format, 'user').render(rows);
  const row = `table {{.Name}}\t{{.Description}}${flags.compatible ? '\t{{.Stars}}\t{{.Official}}\t{{.Automated}}' : ''}`;
  return compileReport(row, 'podman').render(rows);
}

function describe(description: string, full: boolean): string {
  const flat = description.replaceAll('\n', ' ');
  return full || flat.length <= truncateLength
    ? flat
    : `${flat.slice(0, truncateLength).trim()}...`;
}

/** --list-tags --format json: one entry per repository with all its tags, as podman prints it. */
function tagsJson(rows: readonly ImageSearchResult[]): { Name: string; Tags: string[] }[] {
  const entries: { Name: string; Tags: string[] }[] = [];
  for (const row of rows) {
    const entry = entries.find((candidate) => candidate.Name === row.Name);
    if (entry) entry.Tags.push(row.Tag);
    else entries.push({ Name: row.Name, Tags: [row.Tag] });
  }
  return entries;
}
