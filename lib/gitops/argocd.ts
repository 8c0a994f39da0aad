import type { KubernetesObject } from '../k8s/kubernetes-object';
import type { GitOpsEnvironment, GitOpsPlatform, ResolvedGitOpsOptions } from './gitops-options';
import { environmentFolder, gitopsLabels } from './gitops-layout';

const API_VERSION = 'argoproj.io/v1alpha1';

/**
 * Sync options of every Application:
 * - `CreateNamespace=false`: the environment's Namespace is in its output, with its labels;
 *   Argo CD applies it first, as it sorts a wave's objects by kind, namespaces first
 *   (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/).
 * - `ServerSideApply=true`: the API server merges the fields, as `kubectl apply
 *   --server-side` and Flux do, with no `last-applied-configuration` annotation, whose 256 KiB
 *   limit a large ConfigMap would exceed
 *   (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#server-side-apply).
 */
const SYNC_OPTIONS = ['CreateNamespace=false', 'ServerSideApply=true'];

/** One Argo CD Application per environment. */
export function argocdApplications(
  platform: GitOpsPlatform,
  options: ResolvedGitOpsOptions,
): KubernetesObject[] {
  return platform.environments.map((env) => ({
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: {
      name: `${platform.name}-${env.name}`,
      namespace: options.namespace,
      labels: gitopsLabels(platform.name, env.name),
    },
    spec: applicationSpec(
      {
        path: environmentFolder(options.path, env.name),
        destination: destination(platform, env, options),
      },
      options,
    ),
  }));
}

/**
 * One Argo CD ApplicationSet whose list generator makes the same Applications as
 * {@link argocdApplications}, from one element per environment.
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-List/
 */
export function argocdApplicationSet(
  platform: GitOpsPlatform,
  options: ResolvedGitOpsOptions,
): KubernetesObject[] {
  const byServer = platform.environments.some((env) => options.servers[env.name] !== undefined);
  const elements = platform.environments.map((env) => ({
    environment: env.name,
    namespace: env.namespace,
    ...(byServer
      ? { server: options.servers[env.name] }
      : { cluster: `${platform.name}-${env.name}` }),
  }));
  return [
    {
      apiVersion: API_VERSION,
      kind: 'ApplicationSet',
      metadata: {
        name: platform.name,
        namespace: options.namespace,
        labels: gitopsLabels(platform.name),
      },
      spec: {
        goTemplate: true,
        // A missing key is an error, not an empty string in a path or destination.
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        template: {
          metadata: {
            name: `${platform.name}-{{.environment}}`,
            labels: gitopsLabels(platform.name, '{{.environment}}'),
          },
          spec: applicationSpec(
            {
              path: environmentFolder(options.path, '{{.environment}}'),
              destination: byServer
                ? { server: '{{.server}}', namespace: '{{.namespace}}' }
                : { name: '{{.cluster}}', namespace: '{{.namespace}}' },
            },
            options,
          ),
        },
      },
    },
  ];
}

/**
 * Where an environment's objects go: the cluster registered in Argo CD as `<platform>-<env>`
 * (`argocd cluster add CONTEXT --name <platform>-<env>`), or the API server given for it.
 * The namespace is only the default of objects without one: every namespaced object of the
 * output names its own.
 */
function destination(
  platform: GitOpsPlatform,
  env: GitOpsEnvironment,
  options: ResolvedGitOpsOptions,
): Record<string, string> {
  const server = options.servers[env.name];
  return server !== undefined
    ? { server, namespace: env.namespace }
    : { name: `${platform.name}-${env.name}`, namespace: env.namespace };
}

function applicationSpec(
  target: { path: string; destination: Record<string, string> },
  options: ResolvedGitOpsOptions,
): Record<string, unknown> {
  return {
    project: 'default',
    source: { repoURL: options.repo, targetRevision: options.revision, path: target.path },
    destination: target.destination,
    syncPolicy: {
      automated: { prune: options.prune, selfHeal: options.selfHeal },
      syncOptions: SYNC_OPTIONS,
    },
  };
}
