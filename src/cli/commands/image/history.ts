// `berth history` / `berth image history`: podman's table (ID CREATED CREATED BY SIZE COMMENT),
// `-H/--human`, `--no-trunc`, `-q`, `--format` (json or a Go template).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { humanAgo, humanSize } from '../../../lib/human-units.ts';
import type { ImageHistoryEntry } from '../../../domain/image-reports.ts';

interface HistoryFlags {
  human?: boolean;
  trunc?: boolean;
  quiet?: boolean;
  format?: string;
}

const createdByWidth = 45;

export function registerHistory(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('history')
    .description('Show history of a specified image')
    .usage('[options] IMAGE')
    .argument('<image>')
    .option(
      '-H, --human [bool]',
      'Display sizes and dates in human readable format',
      parseBool,
      true,
    )
    .option('--no-trunc', 'Do not truncate the output')
    .option('-q, --quiet', 'Display the numeric IDs only')
    .option('--format <format>', 'Change the output to JSON or a Go template')
    .action(async (ref: string, flags: HistoryFlags) => {
      const entries = await withEngine(globals, (engine) => engine.images.history(ref));
      const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
      const { toJson } = await import('../../output/format-report.ts');
      if (flags.format !== undefined && isJsonFormat(flags.format)) {
        process.stdout.write(toJson(entries.map(jsonEntry)));
        return;
      }
      const truncate = flags.trunc !== false;
      const rows = entries.map((entry) => historyRow(entry, truncate, flags.human !== false));
      if (flags.quiet) {
        process.stdout.write(rows.map((row) => `${row.ID}\n`).join(''));
        return;
      }
      const format =
        flags.format ?? 'table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
      const report = compileReport(format, flags.format === undefined ? 'podman' : 'user');
      process.stdout.write(
        report.render(rows, {
          headers: { CreatedBy: 'CREATED BY', CreatedAt: 'CREATED AT', CreatedSince: 'CREATED' },
        }),
      );
    });
}

function parseBool(value: string | undefined): boolean {
  return value === undefined || value === 'true' || value === '1';
}

function historyRow(entry: ImageHistoryEntry, truncate: boolean, human: boolean) {
  const createdMs = Date.parse(entry.created);
  const createdBy =
    truncate && entry.CreatedBy.length > createdByWidth
      ? `${entry.CreatedBy.slice(0, createdByWidth - 3)}...`
      : entry.CreatedBy;
  const id = truncate && entry.id.length > 12 ? entry.id.slice(0, 12) : entry.id;
  const rfc3339 = Number.isNaN(createdMs)
    ? ''
    : new Date(createdMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    ID: id,
    Created: human ? (Number.isNaN(createdMs) ? '' : humanAgo(createdMs)) : rfc3339,
    CreatedAt: rfc3339,
    CreatedSince: Number.isNaN(createdMs) ? '' : humanAgo(createdMs),
    CreatedBy: createdBy,
    Size: human ? humanSize(entry.size) : String(entry.size),
    Comment: entry.comment,
    Tags: entry.tags ?? [],
  };
}

/** libimage ImageHistory's JSON: empty created, CreatedBy, tags and comment are omitted. */
function jsonEntry(entry: ImageHistoryEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entry.id };
  if (entry.created !== '') out['created'] = entry.created;
  if (entry.CreatedBy !== '') out['CreatedBy'] = entry.CreatedBy;
  if (entry.tags !== null && entry.tags.length > 0) out['tags'] = entry.tags;
  out['size'] = entry.size;
  if (entry.comment !== '') out['comment'] = entry.comment;
  return out;
}
