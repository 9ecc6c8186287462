// Turns what the OCI runtime said when it could not start a process into podman's error: its
// words are the only signal, so, like podman, classify them here at the edge into 127 (command
// not found) and 126 (cannot invoke); anything else is an engine error (125).
import { BerthError } from '../lib/berth-error.ts';

/** runc's own logrus lines on stderr (`time="…" level=error msg="…"`). */
export const runtimeLogLine = /^time="[^"]*" level=(error|fatal|warning) msg=/m;

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
    return new BerthError('COMMAND_NOT_FOUND', `${detail}: OCI runtime attempted to invoke a command that was not found`);
  }
  if (/permission denied/i.test(detail)) return new BerthError('CANNOT_INVOKE', `${detail}: OCI permission denied`);
  return new BerthError('HOST_COMMAND_FAILED', detail);
}
