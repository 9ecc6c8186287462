// `berth image inspect docker://REF`: skopeo inspect's output and flags (--raw, --config,
// --authfile, --cert-dir, --creds, --tls-verify); one reference at a time, as skopeo.
import { usage } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { RemoteInspectOptions } from '../../../domain/image-reports.ts';
import { connectOptions, type RegistryFlags } from '../login/registry-flags.ts';
import { parseCredentials } from './push.ts';

export interface RemoteInspectFlags extends RegistryFlags {
  raw?: boolean;
  config?: boolean;
  creds?: string;
  format?: string;
}

export const remotePrefix = 'docker://';

export async function inspectRemote(
  globals: GlobalsReader,
  refs: string[],
  flags: RemoteInspectFlags,
): Promise<void> {
  const [ref, ...rest] = refs;
  if (ref === undefined || rest.length > 0)
    throw usage('exactly one docker:// reference can be inspected at a time');
  if (flags.format !== undefined) throw usage('--format is not supported with docker://');
  const options: RemoteInspectOptions = {
    reference: ref.slice(remotePrefix.length),
    raw: flags.raw ?? false,
    config: flags.config ?? false,
    ...connectOptions(flags),
  };
  if (flags.creds !== undefined) options.credentials = parseCredentials(flags.creds);
  const report = await withEngine(globals, (engine) => engine.images.inspectRemote(options));
  if (report.kind === 'raw') process.stdout.write(report.bytes);
  else process.stdout.write(`${JSON.stringify(report.value, null, 4)}\n`);
}
