import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedChange } from './change';
import { planClusterChanges } from './cluster-changes';
import { recordStackResources } from './cluster-record';
import type { RegisteredResource } from './cluster-resource';

/** The resources each stack of one version of a project registers, by stack. */
export type ClusterRecording = Readonly<Record<string, readonly RegisteredResource[]>>;

/** Two checkouts of one Pulumi project to compare, each built. */
export interface PlanClusterOptions {
  /** The project as it was (the base of the plan). */
  readonly baseDir: string;
  /** The project as it is now. */
  readonly currentDir: string;
  /** The stacks to plan; every `Pulumi.<stack>.yaml` of the current project by default. */
  readonly stacks?: readonly string[];
  /** Told what the recording could not know offline (secrets' values). */
  readonly warn?: (message: string) => void;
}

/**
 * The cluster side of `gke-platform plan`: for each stack (named as its environment), what
 * Pulumi and GCP will do between the base and the current project, from the resources each
 * version's program registers offline. A project without Pulumi.yaml (manifests only) has no
 * cluster side; a stack that only one version has is all creates or all deletes.
 */
export async function planCluster(options: PlanClusterOptions): Promise<PlannedChange[]> {
  if (!existsSync(join(options.currentDir, 'Pulumi.yaml'))) return [];
  const hasBase = existsSync(join(options.baseDir, 'Pulumi.yaml'));
  const changes: PlannedChange[] = [];
  for (const stack of options.stacks ?? stacksOf(options.currentDir)) {
    const stackIn = (dir: string) =>
      recordStackResources({ projectDir: dir, stack, warn: options.warn });
    const [before, after] = await Promise.all([
      hasBase && existsSync(join(options.baseDir, `Pulumi.${stack}.yaml`))
        ? stackIn(options.baseDir)
        : Promise.resolve([]),
      stackIn(options.currentDir),
    ]);
    changes.push(...planClusterChanges(stack, before, after));
  }
  return changes;
}

/** The stacks a project configures: its `Pulumi.<stack>.yaml` files. */
export function stacksOf(dir: string): string[] {
  return readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * The resources every stack of the project in `dir` registers, recorded offline (see
 * recordStackResources), or undefined for a project without Pulumi.yaml.
 */
export async function recordCluster(
  dir: string,
  warn?: (message: string) => void,
): Promise<ClusterRecording | undefined> {
  if (!existsSync(join(dir, 'Pulumi.yaml'))) return undefined;
  const recording: Record<string, readonly RegisteredResource[]> = {};
  for (const stack of stacksOf(dir)) {
    recording[stack] = await recordStackResources({ projectDir: dir, stack, warn });
  }
  return recording;
}

/**
 * The cluster changes between two recordings: per stack of either (named as its environment),
 * a stack only one has is all creates or all deletes.
 */
export function planClusterRecordings(
  before: ClusterRecording,
  after: ClusterRecording,
): PlannedChange[] {
  const stacks = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return stacks.flatMap((stack) =>
    planClusterChanges(stack, before[stack] ?? [], after[stack] ?? []),
  );
}
