// `berth images` / `berth image ls`: podman's table (REPOSITORY TAG IMAGE ID CREATED SIZE),
// one row per name, `-q`, `--no-trunc`, `--digests`, `--noheading` and `--format` (json or Go).
import { collect, type BerthCommand } from '../../berth-command.ts';
import { BerthError } from '../../../lib/berth-error.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { humanAgo, humanSize } from '../../../lib/human-units.ts';
import type { ImageSummary } from '../../../domain/image-reports.ts';

interface ImagesFlags {
  all?: boolean;
  quiet?: boolean;
  trunc?: boolean;
  digests?: boolean;
  heading?: boolean;
  format?: string;
  filter?: string[];
  sort?: string;
}

const sortKeys = ['created', 'id', 'repository', 'size', 'tag'] as const;

/** One row of the table: the fields podman's image templates name. */
interface ImageRow {
  ID: string;
  Id: string;
  Repository: string;
  Tag: string;
  Digest: string;
  Created: string;
  CreatedAt: string;
  CreatedSince: string;
  Size: string;
  VirtualSize: string;
  SharedSize: string;
  Containers: number;
  Labels: Record<string, string>;
  Names: string[];
  Dangling: boolean;
  /** Sort keys, hidden from templates' header row. */
  CreatedUnix: number;
  SizeBytes: number;
}

export function registerImages(
  parent: BerthCommand,
  globals: GlobalsReader,
  name = 'images',
): void {
  parent
    .command(name)
    .description('List images in local storage')
    .usage('[options] [IMAGE]')
    .argument('[image]', 'only images of this name (as --filter reference=IMAGE)')
    .option('-a, --all', 'Show all images (default hides intermediate images)')
    .option('-q, --quiet', 'Display only image IDs')
    .option('--no-trunc', 'Do not truncate output')
    .option('--digests', 'Show digests')
    .option('-n, --noheading', 'Do not print column headings')
    .option('--format <format>', 'Change the output format to JSON or a Go template')
    .option(
      '-f, --filter <filter>',
      'Filter output based on conditions provided (default [])',
      collect,
    )
    .option('--sort <key>', 'Sort by created, id, repository, size, tag', 'created')
    .action(async (image: string | undefined, flags: ImagesFlags & { noheading?: boolean }) => {
      const sortKey = flags.sort ?? 'created';
      if (!(sortKeys as readonly string[]).includes(sortKey)) {
        throw new BerthError(
          'INVALID_ARGUMENT',
          `invalid option for --sort, options are: [${sortKeys.join(' ')}]`,
        );
      }
      const filters = [
        ...(flags.filter ?? []),
        ...(image !== undefined ? [`reference=${image}`] : []),
      ];
      const listOptions = { all: flags.all ?? false, filters };
      const images = await withEngine(globals, (engine) => engine.images.list(listOptions));
      const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
      const { toJson } = await import('../../output/format-report.ts');
      images.sort((a, b) => b.Created - a.Created);
      if (flags.format !== undefined && isJsonFormat(flags.format)) {
        process.stdout.write(toJson(images));
        return;
      }
      const rows = sortRows(
        images.flatMap((image) => rowsOf(image, flags.trunc !== false)),
        sortKey,
      );
      if (flags.quiet) {
        process.stdout.write(
          [...new Set(rows.map((row) => row.ID))].map((id) => `${id}\n`).join(''),
        );
        return;
      }
      const format = flags.format ?? defaultFormat(flags.digests ?? false);
      const report = compileReport(format, flags.format === undefined ? 'podman' : 'user');
      process.stdout.write(
        report.render(rows, { headers: { ID: 'IMAGE ID' }, noHeading: flags.noheading ?? false }),
      );
    });
}

/** podman's --sort: created newest first; the others ascending (stable). */
function sortRows(rows: ImageRow[], key: string): ImageRow[] {
  const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  const byKey: Record<string, (a: ImageRow, b: ImageRow) => number> = {
    created: (a, b) => compare(b.CreatedUnix, a.CreatedUnix),
    id: (a, b) => compare(a.Id, b.Id),
    repository: (a, b) => compare(a.Repository, b.Repository),
    size: (a, b) => compare(a.SizeBytes, b.SizeBytes),
    tag: (a, b) => compare(a.Tag, b.Tag),
  };
  return [...rows].sort(byKey[key] ?? byKey['created']);
}

function defaultFormat(digests: boolean): string {
  return `table {{.Repository}}\t{{.Tag}}${digests ? '\t{{.Digest}}' : ''}\t{{.ID}}\t{{.Created}}\t{{.Size}}`;
}

function rowsOf(image: ImageSummary, truncate: boolean): ImageRow[] {
  const names = image.RepoTags.length > 0 ? image.RepoTags : ['<none>:<none>'];
  return names.map((name) => {
    const colon = name.lastIndexOf(':');
    const since = humanAgo(image.Created * 1000);
    return {
      ID: truncate ? image.Id.slice(0, 12) : `sha256:${image.Id}`,
      Id: image.Id,
      Repository: name.slice(0, colon),
      Tag: name.slice(colon + 1),
      Digest: image.Digest,
      Created: since,
      CreatedAt: new Date(image.Created * 1000).toString(),
      CreatedSince: since,
      Size: humanSize(image.Size),
      VirtualSize: humanSize(image.VirtualSize),
      SharedSize: humanSize(image.SharedSize),
      Containers: image.Containers,
      Labels: image.Labels,
      Names: image.Names,
      Dangling: image.RepoTags.length === 0,
      CreatedUnix: image.Created,
      SizeBytes: image.Size,
    };
  });
}
