import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from '../core/errors';
import type { CommandIo } from './command';

/**
 * A command's output: into the file `--out` names (relative to the working directory), saying
 * `written` on stdout; else on stdout itself.
 * @param where the command, for the error when the file cannot be written
 */
export function writeOut(
  io: CommandIo,
  where: string,
  out: unknown,
  output: string,
  written: string,
): void {
  if (typeof out !== 'string') {
    io.stdout(output);
    return;
  }
  const file = resolve(io.cwd, out);
  try {
    writeFileSync(file, output);
  } catch (error) {
    fail(
      where,
      '--out',
      `'${file}' cannot be written: ${(error as Error).message}`,
      'name a file in a folder that exists and that you may write',
    );
  }
  io.stdout(`${written} into ${out}\n`);
}
