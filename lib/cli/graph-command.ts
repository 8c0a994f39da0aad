import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fail } from '../core/errors';
import { environmentGraph } from '../graph/environment-graph';
import { graphHtml } from '../graph/graph-html';
import { graphMermaid } from '../graph/graph-mermaid';
import type { EnvironmentGraph } from '../graph/graph-model';
import { type EnvironmentObjects, scopeName } from '../plan/environment-objects';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { writeOut } from './write-out';
import { runApp, runBuild } from './project-app';
import { readOutput } from './read-output';

/** The formats of `gke-platform graph`. */
const GRAPH_FORMATS = ['html', 'mermaid', 'json'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** `gke-platform graph`. */
export const graphCommand: Command = {
  name: 'graph',
  summary:
    'Draw each environment: entry points, routes, workloads with replicas, resources and node pools, the connections its NetworkPolicies allow, secrets and identities.',
  details: [
    "Runs the app of cdk8s.yaml (as `cdk8s synth` does, with CDK8S_OUTDIR set to a temporary folder) and draws what it synthesized; --from <folder> draws a synth output instead (a dist/, or the rendered manifests a GitOps repository keeps). The picture is read from the objects alone, so it shows any output, not only this library's. To draw on every synth, run `gke-platform graph --from dist --out graph.html` after it.",
    'An environment of several clusters (<environment>/<cluster>/ folders) is drawn a cluster at a time, a section (or flowchart) named <environment>/<cluster> each; --cluster <name> draws one.',
    '--format html (the default) is one self-contained page (no network access needed to open it): a section per environment, a search box, print styles. --format mermaid is a Mermaid flowchart per environment, for a README (entry point → route → Service → workload, and the connections between workloads with their ports); --format json is the model itself.',
    'The connections are what the NetworkPolicies allow, evaluated as Kubernetes does: between workloads on the ports their containers declare, from Google’s load balancers, the metrics scraper and the address ranges the policies let in, and out to the ranges they let out to. Secrets are named, never read.',
  ],
  options: {
    format: {
      type: 'string',
      value: GRAPH_FORMATS.join('|'),
      description:
        'html: one self-contained page (default); mermaid: a flowchart per environment; json: the model',
    },
    out: {
      type: 'string',
      value: '<file>',
      description: 'write the picture to this file instead of stdout',
    },
    from: {
      type: 'string',
      value: '<folder>',
      description: 'draw this synth output folder instead of synthesizing the project',
    },
    environment: {
      type: 'string',
      value: '<name>',
      description: 'draw this environment only (default: every environment)',
    },
    cluster: {
      type: 'string',
      value: '<name>',
      description:
        'draw this cluster only of an environment of several (default: each cluster, a section each)',
    },
    build: {
      type: 'boolean',
      description: 'run `npm run --if-present build` before synthesizing',
    },
  },
  examples: [
    'npx gke-platform graph --out graph.html',
    'npx gke-platform graph --from dist --format mermaid --environment dev',
    'npx gke-platform graph --from dist --format json > graph.json',
    'npx gke-platform graph --from dist --environment prod --cluster euw1 --format mermaid',
  ],
  run: (options, _positionals, io) => graph(options, io),
};

function graph(options: ParsedOptions, io: CommandIo): number {
  const format = options.format ?? 'html';
  if (typeof format !== 'string' || !GRAPH_FORMATS.includes(format as GraphFormat)) {
    throw new UsageError(
      `--format is ${JSON.stringify(format)}; graph draws ${GRAPH_FORMATS.join(', ')}`,
    );
  }
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  const from = typeof options.from === 'string' ? resolve(io.cwd, options.from) : undefined;
  let environments = from
    ? readOutput(from, `gke-platform graph --from '${options.from}'`)
    : synthesize(project, io, options.build === true);
  const only = options.environment;
  if (typeof only === 'string') {
    const names = environments.map((e) => e.environment);
    environments = environments.filter((e) => e.environment === only);
    if (environments.length === 0) {
      fail(
        'gke-platform graph',
        '--environment',
        `is '${only}', which the output does not have`,
        `use one of ${names.join(', ')}`,
      );
    }
  }
  const cluster = options.cluster;
  if (typeof cluster === 'string') {
    const names = [...new Set(environments.flatMap((e) => (e.cluster ? [e.cluster] : [])))];
    environments = environments.filter((e) => e.cluster === cluster);
    if (environments.length === 0) {
      fail(
        'gke-platform graph',
        '--cluster',
        names.length === 0
          ? `is '${cluster}', but every environment drawn runs on one cluster`
          : `is '${cluster}', which the output does not have`,
        names.length === 0 ? 'leave --cluster out' : `use one of ${names.join(', ')}`,
      );
    }
  }
  // A cluster of an environment of several is a section of its own: `prod/euw1`.
  const graphs = environments.map((e) => environmentGraph(scopeName(e), e.objects));
  const output = render(format as GraphFormat, graphs, basename(project));
  writeOut(
    io,
    'gke-platform graph',
    options.out,
    output,
    `Drew ${graphs.map((g) => g.environment).join(', ')}`,
  );
  return EXIT.ok;
}

function render(format: GraphFormat, graphs: readonly EnvironmentGraph[], title: string): string {
  switch (format) {
    case 'html':
      return graphHtml(title, graphs);
    case 'json':
      return `${JSON.stringify(graphs, null, 2)}\n`;
    case 'mermaid':
      // One flowchart per environment, each after a comment naming it.
      return graphs.map((g) => `%% ${g.environment}\n${graphMermaid(g)}`).join('\n');
  }
}

/** Synthesizes the project into a temporary folder and reads it back. */
function synthesize(project: string, io: CommandIo, build: boolean): EnvironmentObjects[] {
  if (build) runBuild(project, io.env, 'gke-platform graph --build');
  const folder = mkdtempSync(join(tmpdir(), 'gke-platform-graph-'));
  try {
    runApp(project, folder, io.env);
    return readOutput(folder, 'gke-platform graph (the current code)');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
