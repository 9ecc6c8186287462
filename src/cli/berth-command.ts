// commander's Command with podman's (cobra's) wording for usage errors: every parse problem
// becomes a BerthError('USAGE') that main.ts prints as "Error: …" with exit status 125.
import { Command, type Option } from 'commander';
import { BerthError } from '../lib/berth-error.ts';

export class BerthCommand extends Command {
  /**
   * On the root only: the one top-level command this run needs. Declaring every command costs
   * ~25 ms of commander work per call, so the others are skipped (see program.ts for the fallback).
   */
  onlyCommand: string | undefined;

  override createCommand(name?: string): BerthCommand {
    return new BerthCommand(name);
  }

  unknownOption(flag: string): never {
    if (flag.startsWith('--')) throw usage(`unknown flag: ${flag.split('=')[0]}`);
    throw usage(`unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`);
  }

  missingArgument(): never {
    const required = this.registeredArguments.filter((argument) => argument.required).length;
    throw usage(`requires at least ${required} arg(s), only received ${this.args.length}`);
  }

  optionMissingArgument(option: Option): never {
    if (option.long) throw usage(`flag needs an argument: ${option.long}`);
    throw usage(`flag needs an argument: '${option.short?.slice(1)}' in ${option.short}`);
  }

  unknownCommand(): never {
    throw usage(`unrecognized command \`${this.commandPath()} ${this.args[0] ?? ''}\``, {
      hint: `Try '${this.commandPath()} --help' for more information`,
    });
  }

  /** The full command path as podman prints it, e.g. "berth image". */
  commandPath(): string {
    const parent = this.parent instanceof BerthCommand ? `${this.parent.commandPath()} ` : '';
    return `${parent}${this.name()}`;
  }
}

/** What `command()` returns for a skipped command: absorbs the whole declaration chain. */
const skippedCommand: unknown = new Proxy(function skipped() {}, {
  get: (_target, key) => (key === 'then' ? undefined : () => skippedCommand),
});

const declareCommand = Command.prototype.command;
Object.defineProperty(BerthCommand.prototype, 'command', {
  value(this: BerthCommand, nameAndArgs: string, ...rest: unknown[]): unknown {
    const name = nameAndArgs.split(' ')[0];
    if (this.onlyCommand !== undefined && name !== this.onlyCommand) return skippedCommand;
    return (declareCommand as (...args: unknown[]) => unknown).apply(this, [nameAndArgs, ...rest]);
  },
});

// commander calls this private method by name; TypeScript does not see it, so patch the prototype.
Object.defineProperty(BerthCommand.prototype, '_excessArguments', {
  value(this: BerthCommand, received: string[]): void {
    if ((this as unknown as { _allowExcessArguments: boolean })._allowExcessArguments) return;
    if (this.commands.length > 0) this.unknownCommand();
    const expected = this.registeredArguments.length;
    throw usage(`accepts at most ${expected} arg(s), received ${received.length}`);
  },
});

export function usage(message: string, options: { hint?: string } = {}): BerthError {
  return new BerthError('USAGE', message, options);
}

/** Option parser for repeatable flags (-e, -v, -p, --label): collects every value in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
