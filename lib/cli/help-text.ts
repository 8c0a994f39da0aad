import { type Command, EXIT } from './command';
import { COMMON_OPTIONS } from './common-options';

const EXIT_CODES = [
  `Exit codes: ${EXIT.ok} done; ${EXIT.error} an error (bad input, a failed synth); ${EXIT.usage} a wrong command line;`,
  `${EXIT.failOn} --fail-on: a change of that risk or worse is planned.`,
];

/** `gke-platform --help`: every subcommand with its summary and an example. */
export function programHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: gke-platform <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => [
      `  ${c.name.padEnd(width)}  ${c.summary}`,
      ...c.examples.slice(0, 1).map((e) => `  ${' '.repeat(width)}  e.g. ${e}`),
    ]),
    '',
    'Options of every command:',
    ...optionLines(COMMON_OPTIONS),
    '',
    'Run `gke-platform <command> --help` for the options of a command.',
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** `gke-platform <command> --help`. */
export function commandHelp(command: Command): string {
  const positionals = command.positionals ? ` ${command.positionals}` : '';
  return [
    `Usage: gke-platform ${command.name}${positionals} [options]`,
    '',
    command.summary,
    ...command.details.flatMap((d) => ['', d]),
    '',
    'Options:',
    ...optionLines({ ...command.options, ...COMMON_OPTIONS, ...command.options }),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

function optionLines(options: Readonly<Record<string, { value?: string; description: string }>>) {
  const names = Object.entries(options).map(
    ([name, o]) => `--${name}${o.value ? ` ${o.value}` : ''}`,
  );
  const width = Math.max(...names.map((n) => n.length));
  return Object.values(options).map((o, i) => `  ${names[i].padEnd(width)}  ${o.description}`);
}
