import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fail } from '../core/errors';
import { gitopsManifests } from '../gitops/gitops-manifests';
import type { GitOpsEnvironment, GitOpsPlatform, GitOpsTool } from '../gitops/gitops-options';
import { toYaml } from '../output/yaml';
import type { EnvironmentObjects } from '../plan/environment-objects';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { writeOut } from './write-out';
import { runApp, runBuild } from './project-app';
import { readOutput } from './read-output';

const WHERE = 'gke-platform gitops';
const TOOLS = ['argocd', 'flux'] as const;
const GITOPS_FORMATS = ['yaml', 'json'] as const;

/** The label of every Namespace this library writes that names the platform. */
const PART_OF = 'app.kubernetes.io/part-of';

/** `gke-platform gitops`. */
export const gitopsCommand: Command = {
  name: 'gitops',
  summary:
    "Write the Argo CD Applications (or ApplicationSet) or the Flux GitRepository and Kustomizations that sync each environment's folder of the synthesized output from Git.",
  details: [
    'Reads the environments from a synth output (--from dist, one folder per environment) or runs the app of cdk8s.yaml as `cdk8s synth` does: the folder names are the environments, each Namespace object gives its namespace, and its app.kubernetes.io/part-of label the platform, which names the objects <platform>-<environment>.',
    'An environment of several clusters (<environment>/<cluster>/ folders) gets an Application or Kustomization per cluster, <platform>-<environment>-<cluster>, synced from <path>/<environment>/<cluster>: Argo CD sends it to the cluster registered as <platform>-<environment>-<cluster> or to --server <environment>/<cluster>=<url>; Flux reaches it with the kubeconfig in the Secret <platform>-<environment>-<cluster>-kubeconfig (key value) of its namespace. The config cluster (the one whose folder holds the multi-cluster Gateway) syncs after the others: Argo CD sync wave 1, Flux dependsOn its other clusters.',
    'Argo CD: one Application per environment (--application-set: one ApplicationSet with a list generator), synced from <path>/<environment> at --revision to the cluster registered in Argo CD as <platform>-<environment> (`argocd cluster add CONTEXT --name <platform>-<environment>`) or to --server <environment>=<url>; automated sync with prune and self-heal (--no-prune, --no-self-heal), CreateNamespace=false (the Namespace is in the output) and server-side apply. Flux: a GitRepository of --repo at branch --revision and a Kustomization per environment on ./<path>/<environment>, pruned, waiting for its objects to be healthy (timeout 5m), with --depends-on <environment>=<environment> where an environment should wait for another.',
    'No sync waves are needed: both tools apply the Namespace first and the rest by kind in one pass, as `kubectl apply -f` of the folder does. Apply the result where the tool runs: `kubectl apply -n argocd -f apps.yaml`.',
  ],
  options: {
    tool: { type: 'string', value: TOOLS.join('|'), description: 'the GitOps tool (required)' },
    repo: {
      type: 'string',
      value: '<url>',
      description: 'the Git repository that holds the synthesized output (required)',
    },
    revision: {
      type: 'string',
      value: '<branch>',
      description: 'the branch the tool follows (default: main)',
    },
    path: {
      type: 'string',
      value: '<folder>',
      description: 'the synthesized folder in the repository (default: dist)',
    },
    from: {
      type: 'string',
      value: '<folder>',
      description:
        'read the environments from this synth output instead of synthesizing the project',
    },
    name: {
      type: 'string',
      value: '<platform>',
      description: "the platform's name (default: the Namespaces' app.kubernetes.io/part-of label)",
    },
    'application-set': {
      type: 'boolean',
      description: 'Argo CD: one ApplicationSet instead of one Application per environment',
    },
    server: {
      type: 'string',
      value: '<environment>[/<cluster>]=<url>',
      multiple: true,
      description:
        "Argo CD: the API server of an environment's cluster, or of a cluster of an environment of several (default: the cluster named <platform>-<environment>[-<cluster>])",
    },
    'depends-on': {
      type: 'string',
      value: '<environment>=<environment>',
      multiple: true,
      description: 'Flux: apply the first environment only once the second is applied and healthy',
    },
    'no-prune': {
      type: 'boolean',
      description: 'keep in the cluster the objects removed from the output',
    },
    'no-self-heal': {
      type: 'boolean',
      description: 'Argo CD: leave changes made in the cluster as they are',
    },
    out: {
      type: 'string',
      value: '<file>',
      description: 'write the objects to this file instead of stdout',
    },
    format: {
      type: 'string',
      value: GITOPS_FORMATS.join('|'),
      description: 'yaml (default) or json (a List)',
    },
    build: {
      type: 'boolean',
      description: 'run `npm run --if-present build` before synthesizing',
    },
  },
  examples: [
    'npx gke-platform gitops --tool argocd --repo https://github.com/acme/shop.git --from dist --out argocd.yaml',
    'npx gke-platform gitops --tool flux --repo ssh://git@github.com/acme/shop.git --from dist --depends-on prod=staging',
  ],
  run: (options, _positionals, io) => gitops(options, io),
};

function gitops(options: ParsedOptions, io: CommandIo): number {
  const tool = options.tool;
  if (typeof tool !== 'string' || !TOOLS.includes(tool as GitOpsTool)) {
    throw new UsageError(
      `--tool is ${JSON.stringify(tool)}; gitops writes for ${TOOLS.join(', ')}`,
    );
  }
  if (typeof options.repo !== 'string') throw new UsageError('--repo <url> is required');
  const format = options.format ?? 'yaml';
  if (typeof format !== 'string' || !(GITOPS_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format is ${JSON.stringify(format)}; gitops writes ${GITOPS_FORMATS.join(', ')}`,
    );
  }
  const objects = gitopsManifests(platformOf(options, io), {
    tool: tool as GitOpsTool,
    repo: options.repo,
    revision: stringOption(options.revision),
    path: stringOption(options.path),
    // Options left out stay undefined, so that gitopsManifests refuses only what was given.
    applicationSet: options['application-set'] === true ? true : undefined,
    servers: pairs(options.server, '--server', (map, env, url) => (map[env] = url)),
    dependsOn: pairs(options['depends-on'], '--depends-on', (map, env, dep) => {
      map[env] = [...(map[env] ?? []), dep];
    }),
    prune: options['no-prune'] === true ? false : undefined,
    selfHeal: options['no-self-heal'] === true ? false : undefined,
  });
  const output =
    format === 'json'
      ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`
      : toYaml(objects);
  writeOut(io, WHERE, options.out, output, `Wrote ${objects.length} ${tool} objects`);
  return EXIT.ok;
}

function stringOption(value: ParsedOptions[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `a=b` options into a map, or undefined when none is given. */
function pairs<T>(
  values: ParsedOptions[string],
  option: string,
  add: (map: Record<string, T>, key: string, value: string) => void,
): Record<string, T> | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const map: Record<string, T> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new UsageError(`${option} is ${JSON.stringify(value)}; give <environment>=<value>`);
    }
    add(map, value.slice(0, at), value.slice(at + 1));
  }
  return map;
}

/** The platform's name and environments, from a synth output's folders and Namespaces. */
function platformOf(options: ParsedOptions, io: CommandIo): GitOpsPlatform {
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  const from = typeof options.from === 'string' ? resolve(io.cwd, options.from) : undefined;
  const environments = from
    ? readFolders(from, `${WHERE} --from '${options.from}'`)
    : synthesize(project, io, options.build === true);
  const names = new Set<string>();
  const found = [...new Set(environments.map((e) => e.environment))].map(
    (name): GitOpsEnvironment => {
      const entries = environments.filter((e) => e.environment === name);
      const namespaces = entries.map((entry) => {
        const metadata = namespaceOf(entry);
        const partOf = metadata?.labels?.[PART_OF];
        if (typeof partOf === 'string') names.add(partOf);
        return String(metadata?.name);
      });
      if (new Set(namespaces).size > 1) {
        fail(
          WHERE,
          name,
          `has clusters with different namespaces (${entries.map((e, i) => `${e.cluster}: ${namespaces[i]}`).join(', ')})`,
          'read a folder that writeManifests wrote (the same Namespace on every cluster)',
        );
      }
      const clusters = entries.flatMap((e) =>
        e.cluster === undefined ? [] : [{ name: e.cluster, config: holdsFleetGateway(e) }],
      );
      return clusters.length > 0
        ? { name, namespace: namespaces[0], clusters }
        : { name, namespace: namespaces[0] };
    },
  );
  if (typeof options.name === 'string') return { name: options.name, environments: found };
  if (names.size !== 1) {
    fail(
      WHERE,
      '--name',
      names.size === 0
        ? `is needed: no Namespace carries the ${PART_OF} label that names the platform`
        : `is needed: the Namespaces name ${names.size} platforms (${[...names].join(', ')})`,
      "give the platform's name: --name <platform>",
    );
  }
  return { name: [...names][0], environments: found };
}

/** The one Namespace object of an environment's (or a cluster's) folder. */
function namespaceOf(
  entry: EnvironmentObjects,
): { name?: unknown; labels?: Record<string, unknown> } | undefined {
  const namespaces = entry.objects.filter((o) => o.kind === 'Namespace');
  if (namespaces.length !== 1) {
    fail(
      WHERE,
      entry.cluster === undefined ? entry.environment : `${entry.environment}/${entry.cluster}`,
      `holds ${namespaces.length} Namespace objects; the environment's folder needs exactly one to give its namespace`,
      'read a folder that writeManifests wrote (one Namespace per environment)',
    );
  }
  return namespaces[0].metadata as { name?: unknown; labels?: Record<string, unknown> } | undefined;
}

/**
 * Whether a cluster's folder holds a multi-cluster Gateway (a GatewayClass whose name ends in
 * `-mc`, e.g. gke-l7-global-external-managed-mc): it is the environment's config cluster
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api#gatewayclass).
 */
function holdsFleetGateway(entry: EnvironmentObjects): boolean {
  return entry.objects.some((o) => {
    const className = (o.spec as { gatewayClassName?: unknown } | undefined)?.gatewayClassName;
    return o.kind === 'Gateway' && typeof className === 'string' && className.endsWith('-mc');
  });
}

/** The environments of a writeManifests output: its folders (a top-level file is not one). */
function readFolders(folder: string, what: string): EnvironmentObjects[] {
  const environments = readOutput(folder, what);
  for (const { environment } of environments) {
    if (!statSync(join(folder, environment), { throwIfNoEntry: false })?.isDirectory()) {
      fail(
        what,
        environment,
        'is a file, not a folder: GitOps tools sync one folder per environment',
        'synthesize with writeManifests, which writes <folder>/<environment>/',
      );
    }
  }
  return environments;
}

/** Synthesizes the project into a temporary folder and reads it back. */
function synthesize(project: string, io: CommandIo, build: boolean): EnvironmentObjects[] {
  if (build) runBuild(project, io.env, `${WHERE} --build`);
  const folder = mkdtempSync(join(tmpdir(), 'gke-platform-gitops-'));
  try {
    runApp(project, folder, io.env);
    return readFolders(folder, `${WHERE} (the current code)`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
