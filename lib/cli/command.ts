/**
 * What every subcommand of `gke-platform` is: a name, a one-line summary, its options, an
 * example, and a `run` that returns the exit code. Adding a subcommand is writing one such
 * object in a file of its own and listing it in `commands.ts`.
 */

/** The exit codes of `gke-platform`, documented in `--help` and the README. */
export const EXIT = {
  ok: 0,
  /** A PlatformError: bad input, a failed synth, a base that cannot be read. */
  error: 1,
  /** The command line is wrong: an unknown subcommand or option, a missing value. */
  usage: 2,
  /** `--fail-on`: a change of that risk or worse is planned. */
  failOn: 3,
} as const;

/** Where a command writes and what it knows of its environment (tests pass their own). */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The folder the command runs in. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTty: boolean;
}

/** One option of a subcommand, as `node:util` parseArgs takes it, with its help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The placeholder of a string option's value (`<folder|ref>`). */
  readonly value?: string;
  readonly description: string;
  readonly multiple?: boolean;
}

/** The parsed options of a command line. */
export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

/** One subcommand. */
export interface Command {
  readonly name: string;
  /** One line for the list of subcommands. */
  readonly summary: string;
  /** Paragraphs of `gke-platform <name> --help` after the summary. */
  readonly details: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Command lines a user would type, shown in both helps. */
  readonly examples: readonly string[];
  /** Whether the command takes positional arguments (`help plan`). */
  readonly positionals?: string;
  readonly run: (
    options: ParsedOptions,
    positionals: readonly string[],
    io: CommandIo,
    /** Every command of the program (for `help`). */
    commands: readonly Command[],
  ) => number | Promise<number>;
}

/** A wrong command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
