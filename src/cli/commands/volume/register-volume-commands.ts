// Declares the `berth volume` verbs.
import type { BerthCommand } from '../../berth-command.ts';
import type { GlobalsReader } from '../../with-engine.ts';
import { registerVolumeCreate } from './create.ts';
import { registerVolumeLs } from './ls.ts';
import { registerVolumeInspect } from './inspect.ts';
import { registerVolumeRm } from './rm.ts';
import { registerVolumePrune } from './prune.ts';
import { registerVolumeExists } from './exists.ts';

export function registerVolumeCommands(volume: BerthCommand, globals: GlobalsReader): void {
  registerVolumeCreate(volume, globals);
  registerVolumeLs(volume, globals);
  registerVolumeInspect(volume, globals);
  registerVolumeRm(volume, globals);
  registerVolumePrune(volume, globals);
  registerVolumeExists(volume, globals);
}
