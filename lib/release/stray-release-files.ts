import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fail } from '../core/errors';

/**
 * Fails on a release file that names no environment of the platform (`releases/prdo.yaml`):
 * no synth reads it, so a misspelt `gke-platform release set prdo …` would otherwise pass
 * unnoticed while prod keeps its old version. Folders (`releases/previews/`) are not files of
 * an environment and are left alone.
 */
export function failOnStrayReleaseFiles(folder: string, environments: readonly string[]): void {
  if (!existsSync(folder)) return;
  const stray = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => entry.name.slice(0, -'.yaml'.length))
    .filter((name) => !environments.includes(name))
    .sort();
  if (stray.length === 0) return;
  const file = relative(process.cwd(), join(folder, `${stray[0]}.yaml`)) || `${stray[0]}.yaml`;
  fail(
    file,
    'environment',
    `'${stray[0]}' is not an environment of the platform${
      stray.length > 1
        ? ` (nor ${stray
            .slice(1)
            .map((s) => `'${s}'`)
            .join(', ')})`
        : ''
    }, so no synth reads the file`,
    `rename it after one of ${environments.join(', ')}, or delete it`,
  );
}
