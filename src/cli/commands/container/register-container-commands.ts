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

export function registerContainerCommands(program: BerthCommand, container: BerthCommand, globals: GlobalsReader): void {
  for (const parent of [program, container]) {
    registerRun(parent, globals);
    registerStop(parent, globals);
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
}
