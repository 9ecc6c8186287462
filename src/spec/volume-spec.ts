// Parses podman's `-v/--volume [SOURCE:]DEST[:OPTIONS]` into a bind or named-volume mount request,
// with podman's error words. Pure: the engine resolves named volumes and checks host paths.
import { BerthError } from '../lib/berth-error.ts';
import type { OciMount } from './oci-types.ts';

export interface VolumeRequest {
  /** bind: SOURCE is an absolute host path; named: SOURCE is a volume name; anonymous: no SOURCE. */
  kind: 'bind' | 'named' | 'anonymous';
  source: string;
  destination: string;
  readOnly: boolean;
  /** z / Z: SELinux relabel (a no-op where SELinux is disabled, as podman). */
  relabel?: 'z' | 'Z';
  /** U: chown the source to the container's user. */
  chown: boolean;
  /** rprivate (default), private, rshared, shared, rslave, slave. */
  propagation?: string;
  /** O: an overlay over the source (changes are discarded when the container ends). */
  overlay: boolean;
}

const propagations = new Set([
  'private',
  'rprivate',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'unbindable',
  'runbindable',
]);

export function parseVolume(spec: string): VolumeRequest {
  const parts = spec.split(':');
  if (parts.length > 3 || spec === '')
    throw new BerthError(
      'INVALID_ARGUMENT',
      `incorrect volume format "${spec}", should be [host-dir:]ctr-dir[:option]`,
    );
  const [first = '', second, third] = parts;
  const [source, destination, options] =
    second === undefined ? ['', first, ''] : [first, second, third ?? ''];
  if (!destination.startsWith('/'))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid container path "${destination}", must be an absolute path`,
    );
  const kind =
    source === ''
      ? 'anonymous'
      : source.startsWith('/') || source.startsWith('.')
        ? 'bind'
        : 'named';
  if (kind === 'bind' && !source.startsWith('/'))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid host path "${source}", must be an absolute path`,
    );
  const request: VolumeRequest = {
    kind,
    source,
    destination,
    readOnly: false,
    chown: false,
    overlay: false,
  };
  for (const option of options === '' ? [] : options.split(',')) applyOption(request, option, spec);
  return request;
}

function applyOption(request: VolumeRequest, option: string, spec: string): void {
  if (option === 'ro' || option === 'rw') request.readOnly = option === 'ro';
  else if (option === 'z' || option === 'Z') request.relabel = option;
  else if (option === 'U') request.chown = true;
  else if (option === 'O') request.overlay = true;
  else if (propagations.has(option)) request.propagation = option;
  else if (['nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec', 'bind', 'rbind'].includes(option))
    return;
  else throw new BerthError('INVALID_ARGUMENT', `invalid option "${option}" in volume "${spec}"`);
}

/** The OCI mount for a resolved request (source is the host path to bind). */
export function volumeMount(request: VolumeRequest, hostSource: string): OciMount {
  const options = ['rbind', request.propagation ?? 'rprivate'];
  if (request.readOnly) options.push('ro');
  return { destination: request.destination, type: 'bind', source: hostSource, options };
}
