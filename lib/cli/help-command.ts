import { type Command, EXIT, UsageError } from './command';
import { commandHelp, programHelp } from './help-text';

/** `gke-platform help [command]`: the same as `gke-platform [command] --help`. */
export const helpCommand: Command = {
  name: 'help',
  summary: 'Print the help of gke-platform, or of one command.',
  details: [],
  options: {},
  positionals: '[command]',
  examples: ['npx gke-platform help plan'],
  run(_options, positionals, io, commands) {
    const [name] = positionals;
    if (name === undefined) {
      io.stdout(programHelp(commands));
      return EXIT.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command '${name}'`);
    io.stdout(commandHelp(command));
    return EXIT.ok;
  },
};
