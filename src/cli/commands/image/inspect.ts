// `berth image inspect` and `berth inspect` (containers first, then images, as podman's
// --type all): a JSON array with 4-space indent, or a Go template per object; podman's errors.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { BerthError } from '../../../lib/berth-error.ts';
import type { ImageInspectReport } from '../../../domain/image-reports.ts';
import { authfileOption, certDirOption, tlsVerifyOption } from '../login/registry-flags.ts';
import { inspectRemote, remotePrefix, type RemoteInspectFlags } from './inspect-remote.ts';

interface InspectFlags extends RemoteInspectFlags {
  format?: string;
  type?: string;
}

export function registerImageInspect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('inspect')
    .description('Display the configuration of an image')
    .usage('[options] IMAGE [IMAGE...]')
    .argument('<images...>')
    .option('-f, --format <format>', 'Format the output to a Go template or json')
    .option('--raw', 'docker:// only: print the manifest as it is (skopeo inspect --raw)')
    .option('--config', 'docker:// only: print the image config (skopeo inspect --config)')
    .option('--creds <credentials>', 'docker:// only: USERNAME:PASSWORD for the registry')
    .addOption(authfileOption())
    .addOption(certDirOption())
    .addOption(tlsVerifyOption())
    .action(async (refs: string[], flags: InspectFlags) => {
      if (refs.some((ref) => ref.startsWith(remotePrefix))) {
        await inspectRemote(globals, refs, flags);
        return;
      }
      const result = await withEngine(globals, (engine) => engine.images.inspect(refs));
      await printObjects(result.images.map(imageView), flags.format);
      failFor(result.missing.map((ref) => `${ref}: image not known`));
    });
}

export function registerInspect(program: BerthCommand, globals: GlobalsReader): void {
  program
    .command('inspect')
    .description('Display the configuration of object denoted by ID')
    .usage('[options] {CONTAINER|IMAGE} [...]')
    .argument('<names...>')
    .option('-f, --format <format>', 'Format the output to a Go template or json')
    .option(
      '-t, --type <type>',
      'Specify inspect-object type ("image", "container" or "all")',
      'all',
    )
    .action(async (refs: string[], flags: InspectFlags) => {
      const type = flags.type ?? 'all';
      if (!['all', 'image', 'container'].includes(type)) {
        throw new BerthError(
          'INVALID_ARGUMENT',
          `invalid type "${type}": must be "image", "container", or "all"`,
        );
      }
      const { objects, errors } = await withEngine(globals, async (engine) => {
        const found: unknown[] = [];
        const failed: string[] = [];
        for (const ref of refs) {
          if (type !== 'image') {
            const containers = await engine.containers.inspect([ref], false);
            const first = containers.data[0];
            if (first !== undefined) {
              found.push(first);
              continue;
            }
            if (type === 'container') {
              failed.push(containers.errors[0]?.error?.message ?? `no such container ${ref}`);
              continue;
            }
          }
          const images = await engine.images.inspect([ref]);
          const image = images.images[0];
          if (image !== undefined) found.push(imageView(image));
          else
            failed.push(
              type === 'image'
                ? `${ref}: image not known`
                : `no such object: ${JSON.stringify(ref)}`,
            );
        }
        return { objects: found, errors: failed };
      });
      await printObjects(objects, flags.format);
      failFor(errors);
    });
}

/** The Go view of ImageData: `.ID` is the Go field, `.Id` podman's template alias. */
function imageView(report: ImageInspectReport): ImageInspectReport {
  Object.defineProperty(report, 'ID', { value: report.Id, enumerable: false });
  return report;
}

async function printObjects(objects: unknown[], format: string | undefined): Promise<void> {
  const { toJson } = await import('../../output/format-report.ts');
  const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
  if (format === undefined || format === '' || isJsonFormat(format)) {
    process.stdout.write(toJson(objects));
    return;
  }
  const { goView, inspectMapPaths } = await import('../../output/go-view.ts');
  const views = objects.map((object) =>
    withHistoryNames(goView(object, { mapPaths: inspectMapPaths }), object),
  );
  const normalized = format.replace(/\{\{\s*\.Id\s*\}\}/g, '{{.ID}}');
  process.stdout.write(compileReport(normalized, 'user', 'inspect').render(views));
}

/** History entries use the Go struct names of ociv1.History (created_by -> CreatedBy). */
function withHistoryNames(view: unknown, object: unknown): unknown {
  const history = (object as { History?: unknown }).History;
  if (typeof view !== 'object' || view === null || !Array.isArray(history)) return view;
  const record = view as Record<string, unknown>;
  record['History'] = history.map((entry: Record<string, unknown>) => ({
    Created: entry['created'] ?? '',
    CreatedBy: entry['created_by'] ?? '',
    Author: entry['author'] ?? '',
    Comment: entry['comment'] ?? '',
    EmptyLayer: entry['empty_layer'] ?? false,
  }));
  const id = (object as { Id?: unknown }).Id;
  if (typeof id === 'string' && !('ID' in record)) record['ID'] = id;
  return view;
}

/** podman: the first error is the command's error, the others go to stderr before it. */
function failFor(errors: string[]): void {
  const [first, ...rest] = errors;
  if (first === undefined) return;
  for (const message of rest) process.stderr.write(`error inspecting object: ${message}\n`);
  throw new BerthError('NO_SUCH_IMAGE', `inspecting object: ${first}`);
}
