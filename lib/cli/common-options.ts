import type { OptionSpec } from './command';

/** The options every subcommand takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  format: {
    type: 'string',
    value: 'text|markdown|json',
    description:
      'how to print the result: text for a terminal (default), markdown for a pull-request comment, json for programs',
  },
  project: {
    type: 'string',
    value: '<folder>',
    description: 'the project folder, which holds cdk8s.yaml (default: the current folder)',
  },
  help: { type: 'boolean', description: 'print this help' },
};

/** The output formats of `--format`. */
export const FORMATS = ['text', 'markdown', 'json'] as const;

/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];
