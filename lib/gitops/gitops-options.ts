import { isDns1123Label } from '../core/apimachinery';
import { fail } from '../core/errors';
import { Platform } from '../platform/platform';
import { syncTargets } from './gitops-layout';

/** The GitOps tools `gitopsManifests` writes for. */
export type GitOpsTool = 'argocd' | 'flux';

/** One environment as GitOps sees it: its folder under the synthesized output and its namespace. */
export interface GitOpsEnvironment {
  /** The environment's name, which is also its folder: `<path>/<name>`. */
  readonly name: string;
  /** The namespace its objects live in (the Namespace object of its output). */
  readonly namespace: string;
  /**
   * The clusters of an environment that runs on several, each synced from its own folder
   * `<path>/<name>/<cluster>`; absent (or empty) for an environment of one cluster.
   */
  readonly clusters?: readonly GitOpsCluster[];
}

/** One cluster of an environment of several, as GitOps sees it. */
export interface GitOpsCluster {
  /** The cluster's name, which is also its folder: `<path>/<environment>/<name>`. */
  readonly name: string;
  /**
   * Whether it is the config cluster, which holds the multi-cluster Gateway and its routes: it
   * is synced after the environment's other clusters. Default `false`.
   */
  readonly config?: boolean;
}

/** What the GitOps manifests are generated from: a platform's name and its environments. */
export interface GitOpsPlatform {
  /** The platform's name, the prefix of every generated object's name. */
  readonly name: string;
  /** The environments, in the order the platform declares them. */
  readonly environments: readonly GitOpsEnvironment[];
}

/** How the GitOps tool reaches the repository and the clusters. */
export interface GitOpsOptions {
  /** `argocd`: Argo CD Applications (or an ApplicationSet); `flux`: a GitRepository and Kustomizations. */
  readonly tool: GitOpsTool;
  /** The Git repository that holds the synthesized output (`https://…` or `ssh://…`). */
  readonly repo: string;
  /** The branch the tool follows. Default `main`. */
  readonly revision?: string;
  /** The synthesized folder inside the repository, which holds `<environment>/`. Default `dist`. */
  readonly path?: string;
  /**
   * Argo CD only: one ApplicationSet whose list generator makes the Applications, instead of one
   * Application per environment.
   */
  readonly applicationSet?: boolean;
  /**
   * Argo CD only: the API server URL of each environment's cluster, by environment (`prod`), or
   * of each cluster of an environment of several (`prod/euw1`). One without is sent to the
   * cluster registered in Argo CD under the name `<platform>-<env>` (`<platform>-<env>-<cluster>`).
   */
  readonly servers?: Readonly<Record<string, string>>;
  /** Whether objects removed from the output are deleted from the cluster. Default `true`. */
  readonly prune?: boolean;
  /** Argo CD only: whether changes made in the cluster are reverted. Default `true`. */
  readonly selfHeal?: boolean;
  /**
   * Flux only: the environments each environment waits for (their Kustomizations Ready, that is
   * applied and healthy) before it is applied, e.g. `{ prod: ['staging'] }`. Default: none.
   */
  readonly dependsOn?: Readonly<Record<string, readonly string[]>>;
  /** The namespace of the generated objects. Default `argocd` (Argo CD), `flux-system` (Flux). */
  readonly namespace?: string;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedGitOpsOptions {
  readonly tool: GitOpsTool;
  readonly repo: string;
  readonly revision: string;
  /**
   * The synthesized folder, relative to the repository's root, without `./` or a final `/`;
   * empty when the output is the repository's root.
   */
  readonly path: string;
  readonly applicationSet: boolean;
  readonly servers: Readonly<Record<string, string>>;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
  readonly namespace: string;
}

const WHERE = 'gitopsManifests';

/** The platform's name and environments, from a `Platform` or as given. */
export function gitopsPlatformOf(platform: Platform | GitOpsPlatform): GitOpsPlatform {
  const resolved =
    platform instanceof Platform
      ? {
          name: platform.name,
          environments: platform.environmentNames.map((env) => {
            const { namespace, fleet } = platform.environment(env);
            return fleet === undefined
              ? { name: env, namespace }
              : {
                  name: env,
                  namespace,
                  clusters: fleet.clusters.map((c) => ({ name: c.name, config: c.config })),
                };
          }),
        }
      : platform;
  // Every generated object is named `<platform>-<env>`; Argo CD puts an Application's name in
  // a label (its tracking label), so the name is kept to a DNS label.
  checkName('platform.name', resolved.name);
  if (resolved.environments.length === 0) {
    fail(WHERE, 'platform.environments', 'is empty', 'give at least one environment');
  }
  const seen = new Set<string>();
  for (const env of resolved.environments) {
    checkName('platform.environments', env.name);
    checkName(`platform.environments.${env.name}.namespace`, env.namespace);
    if (seen.has(env.name)) {
      fail(
        WHERE,
        'platform.environments',
        `name '${env.name}' twice`,
        'give each environment once',
      );
    }
    seen.add(env.name);
  }
  for (const env of resolved.environments) checkClusters(env);
  const tooLong = resolved.environments
    .flatMap((e) => syncTargets(e))
    .find((t) => `${resolved.name}-${t.name}`.length > 63);
  if (tooLong) {
    fail(
      WHERE,
      'platform.name',
      `'${resolved.name}-${tooLong.name}' (the name of the ${tooLong.cluster === undefined ? "environment's" : "cluster's"} objects) is longer than 63 characters`,
      `use a shorter platform, environment${tooLong.cluster === undefined ? '' : ' or cluster'} name`,
    );
  }
  return resolved;
}

/** The options with their defaults, checked against the platform's environments. */
export function resolveGitOpsOptions(
  platform: GitOpsPlatform,
  options: GitOpsOptions,
): ResolvedGitOpsOptions {
  const tool = options.tool;
  if (tool !== 'argocd' && tool !== 'flux') {
    fail(WHERE, 'tool', `is ${JSON.stringify(tool)}`, "use 'argocd' or 'flux'");
  }
  const names = platform.environments.map((e) => e.name);
  const servers = options.servers ?? {};
  const dependsOn = options.dependsOn ?? {};
  checkServerKeys(servers, platform);
  checkEnvironmentKeys('dependsOn', dependsOn, names);
  if (tool === 'flux') {
    for (const key of ['servers', 'applicationSet', 'selfHeal'] as const) {
      if (options[key] !== undefined) {
        fail(WHERE, key, 'is an Argo CD option', `leave it out with tool 'flux'`);
      }
    }
  } else if (Object.keys(dependsOn).length > 0) {
    fail(
      WHERE,
      'dependsOn',
      "is a Flux option: an Argo CD Application does not wait for another Application's health",
      "leave it out with tool 'argocd', or promote between environments in your pipeline",
    );
  }
  if (options.applicationSet === true) {
    const keys = platform.environments.flatMap((e) => syncTargets(e).map((t) => t.serverKey));
    const given = keys.filter((n) => servers[n] !== undefined);
    if (given.length > 0 && given.length < keys.length) {
      fail(
        WHERE,
        'servers',
        `names a server for ${given.join(', ')} but not for ${keys.filter((n) => !given.includes(n)).join(', ')}; one ApplicationSet template sends every environment the same way`,
        'give a server for every environment or for none, or generate one Application per environment',
      );
    }
  }
  for (const [env, deps] of Object.entries(dependsOn)) {
    for (const dep of deps) {
      if (!names.includes(dep)) {
        fail(
          WHERE,
          `dependsOn.${env}`,
          `names '${dep}', which is not an environment`,
          `use one of ${names.join(', ')}`,
        );
      }
    }
  }
  checkNoCycle(dependsOn, names);
  return {
    tool,
    repo: checkRepo(tool, options.repo),
    revision: checkRevision(options.revision ?? 'main'),
    path: checkPath(options.path ?? 'dist'),
    applicationSet: options.applicationSet ?? false,
    servers,
    prune: options.prune ?? true,
    selfHeal: options.selfHeal ?? true,
    dependsOn,
    namespace: checkName(
      'namespace',
      options.namespace ?? (tool === 'flux' ? 'flux-system' : 'argocd'),
    ),
  };
}

function checkName(prop: string, name: string): string {
  const problems = typeof name === 'string' ? isDns1123Label(name) : [];
  if (typeof name !== 'string' || problems.length > 0) {
    fail(
      WHERE,
      prop,
      `is ${JSON.stringify(name)}, which is not a DNS-1123 label`,
      "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
    );
  }
  return name;
}

/** An environment's clusters: DNS labels, each once, at most one config cluster. */
function checkClusters(env: GitOpsEnvironment): void {
  const clusters = env.clusters ?? [];
  const prop = `platform.environments.${env.name}.clusters`;
  const seen = new Set<string>();
  for (const cluster of clusters) {
    checkName(prop, cluster.name);
    if (seen.has(cluster.name))
      fail(WHERE, prop, `name '${cluster.name}' twice`, 'give each cluster once');
    seen.add(cluster.name);
  }
  const configs = clusters.filter((c) => c.config === true);
  if (configs.length > 1) {
    fail(
      WHERE,
      prop,
      `has ${configs.length} config clusters (${configs.map((c) => c.name).join(', ')})`,
      'mark one cluster as the config cluster, the one that holds the multi-cluster Gateway',
    );
  }
}

/**
 * Servers by environment (`prod`), or by cluster for an environment of several (`prod/euw1`),
 * where each cluster has an API server of its own.
 */
function checkServerKeys(servers: object, platform: GitOpsPlatform): void {
  const keys = platform.environments.flatMap((e) => syncTargets(e).map((t) => t.serverKey));
  for (const key of Object.keys(servers)) {
    if (keys.includes(key)) continue;
    const env = platform.environments.find((e) => e.name === key);
    fail(
      WHERE,
      'servers',
      env
        ? `names '${key}', which runs on several clusters, each with its own API server`
        : `names '${key}', which is not an environment${keys.some((k) => k.includes('/')) ? ' or a cluster of one' : ''}`,
      `use one of ${keys.join(', ')}`,
    );
  }
}

function checkEnvironmentKeys(prop: string, map: object, names: readonly string[]): void {
  for (const key of Object.keys(map)) {
    if (!names.includes(key)) {
      fail(
        WHERE,
        prop,
        `names '${key}', which is not an environment`,
        `use one of ${names.join(', ')}`,
      );
    }
  }
}

/** Flux never applies a Kustomization whose dependencies wait for it: refuse a cycle. */
function checkNoCycle(
  dependsOn: Readonly<Record<string, readonly string[]>>,
  names: readonly string[],
) {
  const done = new Set<string>();
  const visit = (env: string, path: readonly string[]): void => {
    if (path.includes(env)) {
      fail(
        WHERE,
        'dependsOn',
        `has a cycle: ${[...path, env].join(' → ')}`,
        'let the environments wait for each other in one direction',
      );
    }
    if (done.has(env)) return;
    for (const dep of dependsOn[env] ?? []) visit(dep, [...path, env]);
    done.add(env);
  };
  for (const env of names) visit(env, []);
}

/**
 * Flux's GitRepository takes `http`, `https` and `ssh` URLs only (its CRD's pattern); Argo CD
 * also takes the `git@host:owner/repo` form.
 */
function checkRepo(tool: GitOpsTool, repo: string): string {
  const url = /^(https?|ssh):\/\/[^\s/]+\/\S+$/;
  const scp = /^[\w.-]+@[\w.-]+:\S+$/;
  if (typeof repo === 'string' && (url.test(repo) || (tool === 'argocd' && scp.test(repo)))) {
    return repo;
  }
  const sshForm =
    typeof repo === 'string' && scp.test(repo)
      ? ` (as a URL: ssh://${repo.replace(':', '/')})`
      : '';
  return fail(
    WHERE,
    'repo',
    `is ${JSON.stringify(repo)}, which ${tool === 'flux' ? 'Flux' : 'Argo CD'} cannot clone`,
    `give the repository's URL, e.g. https://github.com/acme/shop.git${sshForm}`,
  );
}

function checkRevision(revision: string): string {
  // git check-ref-format's rules that matter here: no spaces, no '..', no leading '-'.
  if (
    typeof revision !== 'string' ||
    !/^[^\s~^:?*[\\-][^\s~^:?*[\\]*$/.test(revision) ||
    revision.includes('..')
  ) {
    fail(
      WHERE,
      'revision',
      `is ${JSON.stringify(revision)}, which is not a branch name`,
      "name a branch, e.g. 'main'",
    );
  }
  return revision;
}

/** `./dist/` → `dist`, `.` → `` (the output is the repository's root): a folder inside it. */
function checkPath(path: string): string {
  if (path === '.' || path === './') return '';
  const trimmed = typeof path === 'string' ? path.replace(/^(\.\/)+/, '').replace(/\/+$/, '') : '';
  const parts = trimmed.split('/');
  if (
    trimmed === '' ||
    path.startsWith('/') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    fail(
      WHERE,
      'path',
      `is ${JSON.stringify(path)}, which is not a folder inside the repository`,
      "give the synthesized folder relative to the repository's root, e.g. 'dist' or 'deploy/dist'",
    );
  }
  return trimmed;
}
