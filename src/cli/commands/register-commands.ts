// Declares every command and its aliases. Command files only declare flags and call the domain;
// declaring them is cheap, and each loads the engine only when it runs.
import { usage, type BerthCommand } from '../berth-command.ts';
import type { GlobalsReader } from '../with-engine.ts';
import { registerInfo } from './system/info.ts';
import { registerVersion } from './system/version.ts';
import { registerEvents } from './system/events.ts';
import { registerImport } from './image/import.ts';
import { registerImages } from './image/images.ts';
import { registerSearch } from './image/search.ts';
import { registerPull } from './image/pull.ts';
import { registerLogin } from './login/login.ts';
import { registerLogout } from './login/logout.ts';
import { registerImageVerbs } from './image/register-image-verbs.ts';
import { registerContainerCommands } from './container/register-container-commands.ts';
import { registerVolumeCommands } from './volume/register-volume-commands.ts';
import { registerNetworkCommands } from './network/register-network-commands.ts';
import { registerGenerateSystemd } from './generate/systemd.ts';

export function registerCommands(program: BerthCommand, globals: GlobalsReader): void {
  registerInfo(program, globals);
  registerVersion(program, globals);
  registerEvents(program, globals);
  registerImport(program, globals);
  registerImages(program, globals);
  registerSearch(program, globals);
  registerPull(program, globals);
  registerLogin(program, globals);
  registerLogout(program, globals);

  const system = group(program, 'system', 'Manage berth');
  registerInfo(system, globals);
  registerEvents(system, globals);

  const image = group(program, 'image', 'Manage images');
  registerImport(image, globals);
  registerImages(image, globals, 'ls');
  registerSearch(image, globals);
  registerPull(image, globals);
  registerImageVerbs(program, image, globals);

  const container = group(program, 'container', 'Manage containers');
  registerContainerCommands(program, container, globals);

  registerVolumeCommands(group(program, 'volume', 'Manage volumes'), globals);
  registerNetworkCommands(group(program, 'network', 'Manage networks'), globals);
  registerGenerateSystemd(
    group(program, 'generate', 'Generate structured data based on containers, pods or volumes'),
    globals,
  );
}

/** A noun command like podman's `image`: with no verb it prints help and fails as podman does. */
function group(program: BerthCommand, name: string, description: string): BerthCommand {
  const command = program
    .command(name)
    .description(description)
    .enablePositionalOptions() as BerthCommand;
  command.action(() => {
    command.outputHelp({ error: true });
    throw usage(`missing command '${command.commandPath()} COMMAND'`);
  });
  return command;
}
