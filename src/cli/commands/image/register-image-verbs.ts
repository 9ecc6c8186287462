// Declares the local image verbs at the top level (podman's aliases) and under `image`.
import type { BerthCommand } from '../../berth-command.ts';
import type { GlobalsReader } from '../../with-engine.ts';
import { registerImageInspect, registerInspect } from './inspect.ts';
import { registerTag } from './tag.ts';
import { registerUntag } from './untag.ts';
import { registerRmi } from './rmi.ts';
import { registerHistory } from './history.ts';
import { registerImageExists } from './exists.ts';
import { registerImagePrune } from './prune.ts';
import { registerPush } from './push.ts';
import { registerSave } from './save.ts';
import { registerLoad } from './load.ts';

export function registerImageVerbs(
  program: BerthCommand,
  image: BerthCommand,
  globals: GlobalsReader,
): void {
  registerInspect(program, globals);
  registerTag(program, globals);
  registerUntag(program, globals);
  registerRmi(program, globals);
  registerHistory(program, globals);
  registerPush(program, globals);
  registerSave(program, globals);
  registerLoad(program, globals);

  registerImageInspect(image, globals);
  registerTag(image, globals);
  registerUntag(image, globals);
  registerRmi(image, globals, 'rm');
  registerHistory(image, globals);
  registerImageExists(image, globals);
  registerImagePrune(image, globals);
  registerPush(image, globals);
  registerSave(image, globals);
  registerLoad(image, globals);
}
