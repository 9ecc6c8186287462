// Prints the per-container outcome of a multi-container verb as podman does: the reference on
// stdout for each success, "Error: …" on stderr for each failure, and exit status 125 if any failed.
import type { ContainerVerbReport } from '../../domain/container-reports.ts';
import { exitStatusOf as codeExitStatus } from '../../lib/berth-error.ts';

/**
 * `exitStatusOf` lets a verb use its own statuses (podman's rm: 1 for no such container).
 */
export function printVerbReports(
  reports: readonly ContainerVerbReport[],
  echo = true,
  exitStatusOf: (report: ContainerVerbReport) => number | undefined = () => undefined,
): void {
  let failed: number | undefined;
  for (const report of reports) {
    if (report.error) {
      process.stderr.write(`Error: ${report.error.message}\n`);
      failed ??= exitStatusOf(report) ?? codeExitStatus(report.error);
    } else if (echo) {
      process.stdout.write(`${report.ref}\n`);
    }
  }
  if (failed !== undefined) process.exitCode = failed;
}
