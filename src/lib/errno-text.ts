// Go's text for the errno behind a Node fs error ("no such file or directory"), so path errors
// read as podman's do (`open PATH: no such file or directory`). Pure; no I/O.

const goText: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'file exists',
};

/** Go's strerror text for error's errno code, or its message when there is no code. */
export function errnoText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && goText[code] !== undefined) return goText[code];
  return error instanceof Error ? error.message : String(error);
}
