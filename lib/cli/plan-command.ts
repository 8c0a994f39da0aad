import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CAPACITY_OUT_VARIABLE, type PlannedPool } from '../capacity/capacity-out';
import { type CapacityReport, capacityReport } from '../capacity/capacity-report';
import { PRICE_CATALOGUE } from '../capacity/price-catalogue.generated';
import { fail } from '../core/errors';
import { type CapacityPart, capacityDelta, type PricedPoolCapacity } from '../plan/capacity-delta';
import { type PlannedChange, type Risk, RISKS } from '../plan/change';
import { type ClusterRecording, planClusterRecordings, recordCluster } from '../plan/cluster-plan';
import type { EnvironmentObjects } from '../plan/environment-objects';
import { clusterLayoutChanges } from '../plan/plan-fleet';
import { planManifests } from '../plan/plan-manifests';
import type { PlanReport } from '../plan/plan-report';
import { reportJson } from '../plan/report-json';
import { reportMarkdown } from '../plan/report-markdown';
import { reportText, useColour } from '../plan/report-text';
import { atLeast } from '../plan/risk';
import { regionOf } from './capacity-command';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { type Format, FORMATS } from './common-options';
import { synthesizeCommit } from './git-base';
import { runApp, runBuild } from './project-app';
import { readOutput } from './read-output';

/** The two sides a plan compares: the project, its synth outputs and its Pulumi stacks. */
interface PlanSides {
  readonly project: string;
  readonly base: readonly EnvironmentObjects[];
  readonly head: readonly EnvironmentObjects[];
  /** Absent where there is no cluster side to compare (see planCommand's details). */
  readonly baseCluster?: ClusterRecording;
  readonly headCluster?: ClusterRecording;
}

/**
 * Where the plan's changes come from: each source gives its own list, whatever its `side`,
 * and the plan is their concatenation.
 */
type ChangeSource = (sides: PlanSides) => readonly PlannedChange[];

const SOURCES: readonly ChangeSource[] = [
  (sides) => planManifests(sides.base, sides.head),
  (sides) =>
    sides.baseCluster && sides.headCluster
      ? planClusterRecordings(sides.baseCluster, sides.headCluster)
      : [],
];

/** `gke-platform plan`. */
export const planCommand: Command = {
  name: 'plan',
  summary:
    'Show what a change will do to each environment, before it lands: every object created, deleted, updated or replaced, with its risk.',
  details: [
    "Runs the app of cdk8s.yaml (as `cdk8s synth` does, with CDK8S_OUTDIR set to a temporary folder) and compares its manifests, per environment, with a base: --base <folder> reads a previous synth output (a dist/, or the rendered manifests a GitOps repository keeps); --base <git ref> synthesizes that commit in a temporary git worktree (the project's node_modules linked in, `npm run --if-present build` first, since apps run built JavaScript) and caches it by commit under node_modules/.cache/gke-platform/plan/<sha>/. A --base that is an existing folder is a folder.",
    'The app runs as it is: build it first (or pass --build, which runs `npm run --if-present build`).',
    "The cluster side: where the project has a Pulumi.yaml and --base is a git ref, each stack (Pulumi.<stack>.yaml, named as its environment) of both versions runs offline under Pulumi's unit-test mocks (no Pulumi CLI, login or cloud calls; about 2 s a stack), and the GCP resources they register are compared: a node pool or the cluster replaced, an address or a secret deleted. A base folder holds manifests only, so it has no cluster side; --manifests-only leaves it out.",
    `The capacity: against a git ref, both apps run with ${CAPACITY_OUT_VARIABLE} set, and the plan ends with each environment and pool whose nodes at the least or most replicas (or whose capacity findings) change, before → after, with the monthly estimate \`gke-platform capacity\` gives without flags; the base's is cached with it. A base folder has no node pools, so no capacity delta.`,
    'Risks, mildest first: safe, disruptive (pods restart, capacity drops, a NetworkPolicy now denies a connection), replace (an immutable field changes: kubectl apply fails, the object must be deleted and created), destructive (data or addresses are lost).',
  ],
  options: {
    base: {
      type: 'string',
      value: '<folder|ref>',
      description: 'what to compare with: a synth output folder or a git ref (required)',
    },
    'fail-on': {
      type: 'string',
      value: '<risk>',
      description: `exit ${EXIT.failOn} when a change of this risk or worse is planned (${RISKS.join(', ')})`,
    },
    build: {
      type: 'boolean',
      description: 'run `npm run --if-present build` before synthesizing the current code',
    },
    'manifests-only': {
      type: 'boolean',
      description: "compare the manifests only, not the Pulumi stacks' resources",
    },
  },
  examples: [
    'npx gke-platform plan --base main',
    'npx gke-platform plan --base ../gitops/rendered --format markdown > plan.md',
    'npx gke-platform plan --base origin/main --fail-on destructive',
  ],
  run: (options, _positionals, io) => plan(options, io),
};

async function plan(options: ParsedOptions, io: CommandIo): Promise<number> {
  const format = choice<Format>(options.format, FORMATS, '--format') ?? 'text';
  const failOn = choice<Risk>(options['fail-on'], RISKS, '--fail-on');
  const base = options.base;
  if (typeof base !== 'string' || base === '')
    throw new UsageError('plan needs --base <folder|ref>');
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  if (!existsSync(project) || !statSync(project).isDirectory()) {
    fail(
      'gke-platform plan',
      '--project',
      `'${project}' is not a folder`,
      'name the folder that holds cdk8s.yaml',
    );
  }

  const cluster = options['manifests-only'] !== true;
  const warn = (message: string) => io.stderr(message);
  const report = await withHeadSynth(project, io, options.build === true, async (head) => {
    const folder = resolve(io.cwd, base);
    const isFolder = existsSync(folder) && statSync(folder).isDirectory();
    const git = isFolder
      ? undefined
      : await synthesizeCommit(project, base, io.env, { cluster, warn });
    const sides: PlanSides = {
      project,
      base: readOutput(git ? git.folder : folder, `gke-platform plan --base '${base}'`),
      head: readOutput(head.folder, 'gke-platform plan (the current code)'),
      baseCluster: git?.cluster,
      headCluster: git?.cluster ? await recordCluster(project, warn) : undefined,
    };
    const changes = SOURCES.flatMap((source) => source(sides));
    const environments = [...sides.head, ...sides.base].map((e) => e.environment);
    return {
      base: git
        ? { kind: 'git' as const, ref: base, sha: git.sha }
        : { kind: 'folder' as const, folder: base },
      environments: [...new Set(environments)],
      changes,
      ...fleetParts(sides.base, sides.head),
      capacity: capacityPart(project, git ? git.capacity : 'folder', head.capacity),
    } satisfies PlanReport;
  });

  const output =
    format === 'json'
      ? reportJson(report)
      : format === 'markdown'
        ? reportMarkdown(report)
        : reportText(report, useColour(io.isTty, io.env));
  io.stdout(output);
  if (failOn && report.changes.some((c) => atLeast(c.risk, failOn))) return EXIT.failOn;
  return EXIT.ok;
}

/**
 * The clusters of each environment of several (the current code's, else the base's) and the
 * environments whose clusters change; nothing for an output of one cluster per environment.
 */
function fleetParts(
  base: readonly EnvironmentObjects[],
  head: readonly EnvironmentObjects[],
): Pick<PlanReport, 'clusters' | 'layouts'> {
  const clusters: Record<string, string[]> = {};
  for (const side of [base, head]) {
    const named = side.filter((e) => e.cluster !== undefined);
    for (const name of new Set(named.map((e) => e.environment))) {
      clusters[name] = named.filter((e) => e.environment === name).map((e) => e.cluster!);
    }
  }
  const layouts = clusterLayoutChanges(base, head);
  return {
    ...(Object.keys(clusters).length > 0 ? { clusters } : {}),
    ...(layouts.length > 0 ? { layouts } : {}),
  };
}

/** The current code's synth output folder and the capacity plan its app wrote, if any. */
interface HeadSynth {
  readonly folder: string;
  readonly capacity?: readonly PlannedPool[];
}

/** Synthesizes the current code into a temporary folder, runs `use` on it, removes it. */
async function withHeadSynth<T>(
  project: string,
  io: CommandIo,
  build: boolean,
  use: (head: HeadSynth) => Promise<T>,
): Promise<T> {
  if (build) runBuild(project, io.env, 'gke-platform plan --build');
  const temporary = mkdtempSync(join(tmpdir(), 'gke-platform-head-'));
  // The capacity plan beside the output folder, not in it: the app may replace that whole.
  const folder = join(temporary, 'out');
  const capacityOut = join(temporary, 'capacity.json');
  try {
    mkdirSync(folder);
    runApp(project, folder, { ...io.env, [CAPACITY_OUT_VARIABLE]: capacityOut });
    const capacity = existsSync(capacityOut)
      ? (JSON.parse(readFileSync(capacityOut, 'utf8')) as PlannedPool[])
      : undefined;
    return await use({ folder, capacity });
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * The capacity part of the plan: the delta of the two sides' capacity plans, each pool priced
 * as `gke-platform capacity` prices it without flags; or why there is none.
 */
function capacityPart(
  project: string,
  base: readonly PlannedPool[] | undefined | 'folder',
  head: readonly PlannedPool[] | undefined,
): CapacityPart {
  if (base === 'folder')
    return {
      kind: 'none',
      reason:
        'the capacity delta needs a git ref base (--base main): a folder holds manifests, not the node pools',
    };
  if (!base || !head)
    return {
      kind: 'none',
      reason: `the ${!head ? 'current code' : 'base'} wrote no capacity plan: its app does not call synthesizePlatform`,
    };
  const report = (pools: readonly PlannedPool[]) =>
    capacityReport(
      pools,
      PRICE_CATALOGUE,
      (environment) => regionOf(project, environment, PRICE_CATALOGUE, undefined),
      'Google’s published list prices',
    );
  const priced = (r: CapacityReport): PricedPoolCapacity[] =>
    r.environments.flatMap((e) =>
      e.pools.map(({ cost, ...pool }) =>
        cost.nodeMonthly === undefined
          ? pool
          : {
              ...pool,
              monthlyAtMin: cost.nodesAtMin * cost.nodeMonthly,
              monthlyAtMax: cost.nodesAtMax * cost.nodeMonthly,
            },
      ),
    );
  const after = report(head);
  const pools = capacityDelta(priced(report(base)), priced(after));
  const estimated = pools.some(
    (p) => p.before?.monthlyAtMax !== undefined || p.after?.monthlyAtMax !== undefined,
  );
  return {
    kind: 'delta',
    pools,
    ...(estimated ? { estimate: { currency: after.prices.currency, label: after.label } } : {}),
  };
}

/** A string option that must be one of `allowed`, or undefined when absent. */
function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new UsageError(`${option} is ${JSON.stringify(value)}; use ${allowed.join(', ')}`);
  }
  return value as T;
}
