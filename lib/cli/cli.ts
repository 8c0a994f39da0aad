import { parseArgs } from 'node:util';
import { PlatformError } from '../core/errors';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { COMMANDS } from './commands';
import { COMMON_OPTIONS } from './common-options';
import { commandHelp, programHelp } from './help-text';

/**
 * Runs `gke-platform` with `argv` (the arguments after the program) and returns its exit code.
 * A PlatformError prints its message (no stack trace) and exits 1; a wrong command line prints
 * what is wrong and exits 2. Any other error is a bug and propagates.
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(programHelp(COMMANDS));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) {
      throw new UsageError(
        `unknown command '${name}'; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    const { options, positionals } = parse(command, rest);
    if (options.help) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(options, positionals, io, COMMANDS);
  } catch (error) {
    if (error instanceof UsageError) {
      const help = command ? `gke-platform ${command.name} --help` : 'gke-platform --help';
      io.stderr(`gke-platform: ${error.message}\nRun \`${help}\` for the usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof PlatformError) {
      io.stderr(`gke-platform ${name}: ${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

/** The options and positionals of a command line, or a UsageError. */
function parse(
  command: Command,
  args: readonly string[],
): { options: ParsedOptions; positionals: string[] } {
  // The command's own spec of a common option (its --format values) wins; the order stays.
  const specs = { ...command.options, ...COMMON_OPTIONS, ...command.options };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, multiple: s.multiple === true },
    ]),
  );
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    if (!command.positionals && parsed.positionals.length > 0) {
      throw new UsageError(`'${command.name}' takes no argument '${parsed.positionals[0]}'`);
    }
    return { options: parsed.values as ParsedOptions, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs's errors (ERR_PARSE_ARGS_UNKNOWN_OPTION, …) say what is wrong in their message.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}
