// Helpers that write into berth's stores must not outlive the berth process that started them.
// A `tar -x` left running after its parent was killed with SIGKILL still extracts what was
// buffered in its stdin, creating entries in a staging dir the next pull's sweep is removing;
// the sweep's rm then fails with ENOTEMPTY and the dir stays. Node cannot set
// PR_SET_PDEATHSIG on a child, so util-linux's setpriv (always present: util-linux is
// essential) sets it and execs the tool: the kernel sends SIGKILL when berth dies.

/** argv run so that the process is killed (SIGKILL) as soon as its parent, berth, dies. */
export function dieWithParent(argv: readonly string[]): string[] {
  return ['setpriv', '--pdeathsig', 'KILL', '--', ...argv];
}
