import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPACITY_OUT_VARIABLE, type PlannedPool } from '../capacity/capacity-out';
import { fail } from '../core/errors';
import { type ClusterRecording, recordCluster } from '../plan/cluster-plan';
import { runApp, runBuild } from './project-app';

/** The cluster recording of a cached base, beside its environments' folders. */
const CLUSTER_FILE = '.gke-platform-cluster.json';

/** The capacity plan of a cached base (`null` when its app wrote none), beside the cluster's. */
const CAPACITY_FILE = '.gke-platform-capacity.json';

/** The cache of base synths, by commit, inside the project's node_modules. */
export const CACHE_FOLDER = join('node_modules', '.cache', 'gke-platform', 'plan');

/** A base synthesized from a commit, and whether it came from the cache. */
export interface GitBase {
  readonly sha: string;
  readonly folder: string;
  readonly cached: boolean;
  /** The resources its Pulumi stacks register; absent without Pulumi.yaml or when not asked. */
  readonly cluster?: ClusterRecording;
  /** The capacity plan its app wrote (GKE_PLATFORM_CAPACITY_OUT); absent when it wrote none. */
  readonly capacity?: readonly PlannedPool[];
}

/** What to record of the commit besides its synth output. */
export interface GitBaseOptions {
  /** Record the cluster side too (the commit's Pulumi stacks, offline). */
  readonly cluster: boolean;
  readonly warn?: (message: string) => void;
}

/**
 * The synth output of the project at `ref`: the commit checked out in a temporary
 * `git worktree`, the project's node_modules linked in, `npm run --if-present build`, then the
 * app of cdk8s.yaml with CDK8S_OUTDIR set. Kept under
 * `<project>/node_modules/.cache/gke-platform/plan/<sha>/`, so the next plan against the same
 * commit reads it at once.
 */
export async function synthesizeCommit(
  project: string,
  ref: string,
  env: NodeJS.ProcessEnv,
  options: GitBaseOptions = { cluster: false },
): Promise<GitBase> {
  const where = `gke-platform plan --base '${ref}'`;
  const sha = git(project, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], where, () =>
    fail(
      where,
      '--base',
      `is neither a folder nor a commit of ${project}`,
      'name a synth output folder (a previous dist/) or a git ref (main, HEAD~1, a SHA)',
    ),
  );
  const folder = join(project, CACHE_FOLDER, sha);
  const clusterFile = join(folder, CLUSTER_FILE);
  const capacityFile = join(folder, CAPACITY_FILE);
  if (existsSync(folder)) {
    if (existsSync(capacityFile) && (!options.cluster || existsSync(clusterFile))) {
      const capacity = readJson<PlannedPool[]>(capacityFile);
      const cluster = options.cluster ? readJson<ClusterRecording>(clusterFile) : undefined;
      return { sha, folder, cached: true, cluster, capacity };
    }
    // Cached by a plan without the cluster side or the capacity plan: synthesize it again.
    rmSync(folder, { recursive: true, force: true });
  }

  // The project may be a subfolder of its repository: synthesize the same subfolder.
  const prefix = git(project, ['rev-parse', '--show-prefix'], where);
  const worktree = mkdtempSync(join(tmpdir(), 'gke-platform-plan-'));
  const staging = `${folder}.${process.pid}.tmp`;
  // Beside the output folder, not in it: the app may replace its output folder whole.
  const capacityOut = `${staging}.capacity.json`;
  try {
    git(project, ['worktree', 'add', '--detach', '--force', worktree, sha], where);
    const copy = join(worktree, prefix);
    const modules = join(project, 'node_modules');
    if (existsSync(modules) && !existsSync(join(copy, 'node_modules'))) {
      symlinkSync(modules, join(copy, 'node_modules'), 'dir');
    }
    runBuild(copy, env, `${where} (commit ${sha.slice(0, 12)})`);
    mkdirSync(staging, { recursive: true });
    runApp(copy, staging, { ...env, [CAPACITY_OUT_VARIABLE]: capacityOut });
    const capacity = existsSync(capacityOut) ? readJson<PlannedPool[]>(capacityOut) : undefined;
    writeFileSync(join(staging, CAPACITY_FILE), JSON.stringify(capacity ?? null));
    const cluster = options.cluster ? await recordCluster(copy, options.warn) : undefined;
    if (options.cluster)
      writeFileSync(join(staging, CLUSTER_FILE), JSON.stringify(cluster ?? null));
    // Complete or absent: a plan stopped mid-synth leaves only a .tmp folder.
    renameSync(staging, folder);
    return { sha, folder, cached: false, cluster, capacity };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(capacityOut, { force: true });
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: project });
    rmSync(worktree, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: project });
  }
}

/** A JSON file the plan wrote, `null` read as undefined. */
function readJson<T>(file: string): T | undefined {
  return (JSON.parse(readFileSync(file, 'utf8')) as T | null) ?? undefined;
}

/** The trimmed output of a git command, or `orElse()` (by default a PlatformError). */
function git(project: string, args: string[], where: string, orElse?: () => never): string {
  const run = spawnSync('git', args, { cwd: project, encoding: 'utf8' });
  if (run.status === 0) return run.stdout.trim();
  if (orElse) return orElse();
  return fail(
    where,
    `git ${args[0]}`,
    `failed: ${(run.stderr ?? String(run.error)).trim()}`,
    'run it in a git repository with that commit',
  );
}
