import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { fail } from '../core/errors';
import { type ReleaseChange, releaseChanges } from './release-change';
import { releaseFilePath } from './read-releases';
import { recordsOf } from './release-store';

/** One committed version of a release file. */
export interface ReleaseVersion {
  readonly commit: string;
  /** The commit's date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
  /** What the file recorded at that commit (workload → image); empty where it was deleted. */
  readonly records: ReadonlyMap<string, string>;
}

/** One commit of a release file and what it changed. */
export interface ReleaseEntry {
  readonly commit: string;
  readonly date: string;
  readonly subject: string;
  readonly changes: readonly ReleaseChange[];
}

/** The committed versions of an environment's release file, newest first (`git log`). */
export function releaseVersions(
  project: string,
  folder: string,
  environment: string,
): ReleaseVersion[] {
  const path = relative(project, releaseFilePath(folder, environment));
  const log = git(project, ['log', '--format=%H%x09%cI%x09%s', '--', path]);
  return log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [commit, date, ...subject] = line.split('\t');
      let text = '';
      try {
        text = git(project, ['show', `${commit}:./${path}`]);
      } catch {
        // The commit deleted the file: nothing was recorded there.
      }
      const file = `${path} at ${commit.slice(0, 12)}`;
      return { commit, date, subject: subject.join('\t'), records: recordsOf(file, text) };
    });
}

/** What each commit of the environment's release file changed, newest first. */
export function releaseHistory(
  project: string,
  folder: string,
  environment: string,
): ReleaseEntry[] {
  const versions = releaseVersions(project, folder, environment);
  return versions.map((version, i) => ({
    commit: version.commit,
    date: version.date,
    subject: version.subject,
    changes: releaseChanges(environment, versions[i + 1]?.records ?? new Map(), version.records),
  }));
}

/**
 * The image each of `workloads` ran before `current`: the newest committed version of the
 * file that records another image for it. Fails for a workload with no such version.
 */
export function previousImages(
  project: string,
  folder: string,
  environment: string,
  current: ReadonlyMap<string, string>,
  workloads: readonly string[],
): Map<string, string> {
  const versions = releaseVersions(project, folder, environment);
  return new Map(
    workloads.map((workload) => {
      const image = current.get(workload);
      const earlier = versions
        .map((v) => v.records.get(workload))
        .find((i) => i !== undefined && i !== image);
      if (earlier === undefined) {
        fail(
          'gke-platform release rollback',
          workload,
          `has no earlier version than '${image ?? 'none'}' in the git history of ${relative(project, releaseFilePath(folder, environment))}`,
          `record the version to run: gke-platform release set ${environment} ${workload}=<image>`,
        );
      }
      return [workload, earlier];
    }),
  );
}

/** Runs git in `project` and returns its output; a failure is a PlatformError. */
function git(project: string, args: readonly string[]): string {
  try {
    return execFileSync('git', [...args], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    if (args[0] === 'show') throw error;
    return fail(
      project,
      'git',
      `'git ${args.join(' ')}' failed: ${stderr || (error as Error).message}`,
      'run it in a git repository (the release files’ history is their git log)',
    );
  }
}
