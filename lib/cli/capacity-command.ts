import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CAPACITY_OUT_VARIABLE, type PlannedPool } from '../capacity/capacity-out';
import {
  capacityJson,
  capacityMarkdown,
  capacityReport,
  capacityText,
  type PricedRegion,
} from '../capacity/capacity-report';
import { PRICE_CATALOGUE } from '../capacity/price-catalogue.generated';
import { parsePriceList, type PriceList } from '../capacity/prices';
import { fail } from '../core/errors';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { type Format, FORMATS } from './common-options';
import { runApp, runBuild } from './project-app';

const WHERE = 'gke-platform capacity';

/** `gke-platform capacity`. */
export const capacityCommand: Command = {
  name: 'capacity',
  summary:
    'Print the nodes each environment and pool needs at the least and most replicas, and an estimate of what they cost a month.',
  details: [
    `Runs the app of cdk8s.yaml (as \`cdk8s synth\` does, with CDK8S_OUTDIR set to a temporary folder) with ${CAPACITY_OUT_VARIABLE} naming a temporary file: synthesizePlatform then writes there the capacity plan of every environment it synthesized (the node pools are in the platform definition, not in the manifests), and nothing is added to dist/. The app runs as it is: build it first, or pass --build.`,
    "The cost is an estimate: each pool's nodes (those the pods need, at least the pool's minNodes per zone; a pool in the cluster's zones counts one zone) × (vCPUs, memory, GPUs at the series' on-demand or Spot list price) × 730 hours, plus the boot disks and GKE's cluster management fee; no discounts, free tier, network or load balancers. It is labelled with the prices' date and source.",
    "Each environment is priced in --region if given, else the gcp:region of the project's Pulumi.<environment>.yaml, else the price list's first region (the output says which); each cluster of an environment of several is a section of its own, <environment>/<cluster>, with that cluster's pool sizes, priced in the cluster's region. The built-in list has only the figures that could be read from Google's pages (see scripts/sources/prices.json); --prices <file.json> takes a team's own, in the same shape: { retrieved, currency, sources, clusterFeePerHour, regions: { <region>: { onDemand: { <series>: { vcpuHour, gibHour } }, spot, gpuHour: { <gpu type>: n }, diskGibMonth: { <disk type>: n } } } }.",
    `Exit ${EXIT.error} when a finding is an error (pods that can never be placed, or more nodes than a pool may have).`,
  ],
  options: {
    environment: {
      type: 'string',
      value: '<name>',
      description:
        'this environment only, or one cluster of an environment of several: <environment>/<cluster> (default: every environment)',
    },
    region: {
      type: 'string',
      value: '<region>',
      description: 'price every environment in this region (default: its Pulumi stack’s)',
    },
    prices: {
      type: 'string',
      value: '<file.json>',
      description: "your own prices instead of the built-in list of Google's",
    },
    build: {
      type: 'boolean',
      description: 'run `npm run --if-present build` before synthesizing',
    },
  },
  examples: [
    'npx gke-platform capacity',
    'npx gke-platform capacity --environment prod --region europe-west1 --format markdown',
    'npx gke-platform capacity --prices our-prices.json --format json',
  ],
  run: (options, _positionals, io) => capacity(options, io),
};

function capacity(options: ParsedOptions, io: CommandIo): number {
  const format = (options.format ?? 'text') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format is ${JSON.stringify(format)}; use ${FORMATS.join(', ')}`);
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  if (!existsSync(project) || !statSync(project).isDirectory())
    fail(
      WHERE,
      '--project',
      `'${project}' is not a folder`,
      'name the folder that holds cdk8s.yaml',
    );
  const prices =
    typeof options.prices === 'string' ? readPrices(resolve(io.cwd, options.prices)) : undefined;
  const list = prices ?? PRICE_CATALOGUE;
  const region = typeof options.region === 'string' ? options.region : undefined;
  if (region !== undefined && !list.regions[region])
    fail(
      WHERE,
      '--region',
      `is '${region}', which the price list does not have`,
      `use one of ${Object.keys(list.regions).join(', ')}, or pass --prices with its prices`,
    );

  let pools = synthesize(project, io, options.build === true);
  if (typeof options.environment === 'string') {
    const names = [...new Set(pools.map((p) => p.environment))];
    const only = options.environment;
    // `prod` takes every cluster of an environment of several (`prod/euw1`), which names one.
    pools = pools.filter((p) => p.environment === only || p.environment.startsWith(`${only}/`));
    if (pools.length === 0)
      fail(
        WHERE,
        '--environment',
        `is '${options.environment}', which the project does not have`,
        `use one of ${names.join(', ')}`,
      );
  }
  const report = capacityReport(
    pools,
    list,
    (environment) => regionOf(project, environment, list, region),
    prices ? String(options.prices) : 'Google’s published list prices',
  );
  io.stdout(
    format === 'json'
      ? capacityJson(report)
      : format === 'markdown'
        ? capacityMarkdown(report)
        : capacityText(report),
  );
  return pools.some((p) => p.findings.some((f) => f.severity === 'error')) ? EXIT.error : EXIT.ok;
}

/** Runs the project's app with the capacity plan asked for, and reads the plan. */
function synthesize(project: string, io: CommandIo, build: boolean): PlannedPool[] {
  if (build) runBuild(project, io.env, `${WHERE} --build`);
  const folder = mkdtempSync(join(tmpdir(), 'gke-platform-capacity-'));
  const file = join(folder, 'capacity.json');
  try {
    runApp(project, join(folder, 'out'), { ...io.env, [CAPACITY_OUT_VARIABLE]: file });
    if (!existsSync(file))
      fail(
        WHERE,
        'cdk8s.yaml app',
        'wrote no capacity plan: it does not call synthesizePlatform',
        'synthesize with synthesizePlatform (see the README’s "Will it fit")',
      );
    return JSON.parse(readFileSync(file, 'utf8')) as PlannedPool[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A team's price list, checked. */
function readPrices(file: string): PriceList {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(
      WHERE,
      '--prices',
      `'${file}' cannot be read as JSON: ${(error as Error).message}`,
      'name a JSON file of prices (see --help)',
    );
  }
  return parsePriceList(json, `${WHERE} --prices '${file}'`);
}

/** The region to price `environment` in, and where it came from. */
export function regionOf(
  project: string,
  environment: string,
  list: PriceList,
  given: string | undefined,
): PricedRegion {
  if (given !== undefined) return { region: given, from: '--region' };
  const stack = `Pulumi.${environment}.yaml`;
  const file = join(project, stack);
  if (existsSync(file)) {
    const config = (
      parse(readFileSync(file, 'utf8')) as { config?: Record<string, unknown> } | null
    )?.config;
    const region = config?.['gcp:region'];
    if (typeof region === 'string') return { region, from: stack };
  }
  const first = Object.keys(list.regions)[0];
  return {
    region: first,
    from: `the price list's first region: no gcp:region in ${stack}; pass --region`,
  };
}
