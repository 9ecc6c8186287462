// `berth events` / `system events`: podman's event lines (or JSON, or a Go template) for what the
// engine recorded, then, unless --stream=false or --until, new events live until Ctrl-C (exit 0).
import { Option } from 'commander';
import { collect, type BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseBoolFlag } from '../login/registry-flags.ts';
import type { EngineEvent } from '../../../domain/system-reports.ts';

interface EventsFlags {
  filter?: string[];
  format?: string;
  since?: string;
  until?: string;
  stream: boolean;
  /** --no-trunc=false (podman's --no-trunc defaults to true: full IDs). */
  trunc: boolean;
}

export function registerEvents(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('events')
    .description('Show berth events')
    .option('-f, --filter <filter>', 'filter output', collect)
    .option('--format <format>', 'format the output using a Go template')
    .option('--since <time>', 'show all events created since timestamp')
    .option('--until <time>', 'show all events until timestamp')
    .addOption(
      new Option('--stream [bool]', 'stream new events; for testing only')
        .argParser(parseBoolFlag('stream'))
        .default(true)
        .hideHelp(),
    )
    .addOption(
      new Option('--no-trunc [bool]', 'do not truncate the output (default true)')
        .argParser((value: string | undefined) => !parseBoolFlag('no-trunc')(value))
        .default(false),
    )
    .action(async (flags: EventsFlags) => {
      const print = await printer(flags);
      const interrupted = new AbortController();
      const onSignal = () => interrupted.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const options = {
          filters: flags.filter ?? [],
          stream: flags.stream,
          ...(flags.since !== undefined ? { since: flags.since } : {}),
          ...(flags.until !== undefined ? { until: flags.until } : {}),
        };
        await withEngine(globals, (engine) =>
          engine.system.events(
            options,
            (event) => process.stdout.write(print(event)),
            interrupted.signal,
          ),
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** podman prints each event as a JSON line, a template's text plus a newline, or its text line. */
async function printer(flags: EventsFlags): Promise<(event: EngineEvent) => string> {
  const { isJsonFormat, unescapeFormat } = await import('../../output/format-report.ts');
  const { eventLine, eventTemplateView } = await import('../../output/event-line.ts');
  if (flags.format === undefined || flags.format === '')
    return (event) => `${eventLine(event, flags.trunc)}\n`;
  if (isJsonFormat(flags.format)) return (event) => `${JSON.stringify(event)}\n`;
  const { compileTemplate } = await import('../../output/go-template/index.ts');
  const template = compileTemplate(unescapeFormat(flags.format));
  return (event) => `${template.render(eventTemplateView(event))}\n`;
}
