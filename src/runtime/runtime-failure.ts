// Turns what the OCI runtime said when it could not start a process into podman's error: its
// words are the only signal, so, like podman, classify them here at the edge into 127 (command
// not found) and 126 (cannot invoke); anything else is an engine error (125).
import { BerthError } from '../lib/berth-error.ts';

/** runc's own logrus lines on stderr (`time="…" level=error msg="…"`). */
const runcLogLine = /^time="[^"]*" level=(error|fatal|warning) msg=/m;

/** What crun prints, unadorned, when `exec` cannot start the process (it then exits 255). */
const crunExecError = /^(crun: |executable file `[^`]*` not found in \$PATH|open executable: )/m;

/** The runtime's own lines in an exec's stderr: runc's logrus lines and crun's start errors. */
export const runtimeLogLine = new RegExp(`${runcLogLine.source}|${crunExecError.source}`, 'm');

/**
 * Whether the held-back lines of an exec that exited with `status` are the runtime failing:
 * runc's logrus lines always are; crun's plain ones only with crun's failure status 255 (a
 * process may print such a line itself and exit otherwise).
 */
export function isRuntimeFailure(status: number, heldBack: readonly string[]): boolean {
  if (heldBack.some((line) => runcLogLine.test(line))) return true;
  return status === 255 && heldBack.length > 0;
}

/** The messages of logrus lines, unescaped; other lines as they are; joined by "; ". */
export function runtimeMessage(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const match = /level=\w+ msg="((?:[^"\\]|\\.)*)"/.exec(line);
      return match ? (match[1] ?? '').replace(/\\(.)/g, '$1') : line;
    })
    .join('; ');
}

export function runtimeFailure(runtimeName: string, message: string): BerthError {
  const detail = `${runtimeName}: ${message}`;
  if (/executable file.*not found|no such file or directory/i.test(detail)) {
    return new BerthError(
      'COMMAND_NOT_FOUND',
      `${detail}: OCI runtime attempted to invoke a command that was not found`,
    );
  }
  if (/permission denied/i.test(detail))
    return new BerthError('CANNOT_INVOKE', `${detail}: OCI permission denied`);
  return new BerthError('HOST_COMMAND_FAILED', detail);
}
