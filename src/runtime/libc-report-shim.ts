// Makes napi-rs's loader (node-unix-socket's js/addon.js) cheap to run: it picks the glibc or musl
// binary by calling process.report.getReport(), a full diagnostic report that costs 10-25 ms of
// main-thread CPU here. Evaluating this module makes getReport answer just that header field, from
// /usr/bin/ldd as the loader itself does where process.report is missing; restoreReport() undoes it.
// Import it right before the addon and restore right after.
import { readFileSync } from 'node:fs';

const report = process.report;
const fullReport = report.getReport.bind(report);

function libcHeader(): { header: { glibcVersionRuntime?: string } } {
  // The loader asks once; answering restores the real getReport even if loading the addon then fails.
  restoreReport();
  let musl: boolean;
  try {
    musl = readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    // No ldd to read: ask the expensive way rather than guess.
    return fullReport() as { header: { glibcVersionRuntime?: string } };
  }
  return { header: musl ? {} : { glibcVersionRuntime: 'glibc' } };
}

report.getReport = libcHeader as typeof report.getReport;

export function restoreReport(): void {
  report.getReport = fullReport;
}
