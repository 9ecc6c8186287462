// Declares the container verbs, both top-level (`berth ps`) and under `berth container`.
import type { BerthCommand } from '../../berth-command.ts';
import type { GlobalsReader } from '../../with-engine.ts';
import { registerRun } from './run.ts';
import { registerCleanup } from './cleanup.ts';
import { registerPs } from './ps.ts';
import { registerStop } from './stop.ts';
import { registerKill } from './kill.ts';
import { registerRm } from './rm.ts';
import { registerStart } from './start.ts';
import { registerLogs } from './logs.ts';
import { registerContainerInspect } from './inspect.ts';
import { registerExec } from './exec.ts';
import { registerCreate } from './create.ts';
import { registerWait } from './wait.ts';
import { registerPause } from './pause.ts';
import { registerUnpause } from './unpause.ts';
import { registerRename } from './rename.ts';
import { registerRestart } from './restart.ts';
import { registerTop } from './top.ts';
import { registerStats } from './stats.ts';
import { registerPort } from './port.ts';
import { registerAttach } from './attach.ts';
import { registerContainerPrune } from './prune.ts';
import { registerContainerExists } from './exists.ts';
import { registerCp } from './cp.ts';
import { registerDiff } from './diff.ts';
import { registerMount } from './mount.ts';
import { registerUnmount } from './unmount.ts';
import { registerExport } from './export.ts';
import { registerCommit } from './commit.ts';

export function registerContainerCommands(
  program: BerthCommand,
  container: BerthCommand,
  globals: GlobalsReader,
): void {
  for (const parent of [program, container]) {
    for (const register of [
      registerCp,
      registerDiff,
      registerMount,
      registerUnmount,
      registerExport,
      registerCommit,
    ])
      register(parent, globals);
    registerRun(parent, globals);
    for (const register of [
      registerCreate,
      registerWait,
      registerPause,
      registerUnpause,
      registerRename,
      registerRestart,
      registerTop,
      registerPort,
      registerAttach,
    ])
      register(parent, globals);
    registerStop(parent, globals);
    registerStats(parent, globals);
    registerKill(parent, globals);
    registerStart(parent, globals);
    registerLogs(parent, globals);
    registerExec(parent, globals);
  }
  registerPs(program, globals);
  registerPs(container, globals, 'ls', ['list', 'ps']);
  registerRm(program, globals);
  registerRm(container, globals);
  registerContainerInspect(container, globals);
  registerCleanup(container, globals);
  registerContainerPrune(container, globals);
  registerContainerExists(container, globals);
}
