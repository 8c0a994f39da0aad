import type { KubernetesObject } from '../k8s/kubernetes-object';
import type { GitOpsPlatform, ResolvedGitOpsOptions } from './gitops-options';
import { environmentFolder, gitopsLabels, type SyncTarget, syncTargets } from './gitops-layout';

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

/**
 * The sync wave of an environment's config cluster: after its other clusters (wave 0), whose
 * ServiceExports make the ServiceImports that its HTTPRoutes send requests to
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-gateways). Waves order
 * Applications that a parent Application syncs (app of apps); Argo CD waits for each wave to be
 * healthy only where an Application's health is assessed (the `argoproj.io/Application` health
 * check of argocd-cm, https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app).
 * https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
const CONFIG_CLUSTER_WAVE = '1';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** One Argo CD Application per environment, or per cluster of an environment of several. */
export function argocdApplications(
  platform: GitOpsPlatform,
  options: ResolvedGitOpsOptions,
): KubernetesObject[] {
  return platform.environments.flatMap((env) =>
    syncTargets(env).map((target) => ({
      apiVersion: API_VERSION,
      kind: 'Application',
      metadata: {
        name: `${platform.name}-${target.name}`,
        namespace: options.namespace,
        labels: targetLabels(platform.name, target),
        ...(target.config ? { annotations: { [SYNC_WAVE]: CONFIG_CLUSTER_WAVE } } : {}),
      },
      spec: applicationSpec(
        {
          path: environmentFolder(options.path, target.folder),
          destination: destination(platform, target, env.namespace, options),
        },
        options,
      ),
    })),
  );
}

/** The labels of an environment's objects, and the cluster's for a cluster of several. */
function targetLabels(platform: string, target: SyncTarget): Record<string, string> {
  return {
    ...gitopsLabels(platform, target.environment),
    ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
  };
}

/**
 * One Argo CD ApplicationSet whose list generator makes the same Applications as
 * {@link argocdApplications}, from one element per environment (per cluster of one of several).
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-List/
 */
export function argocdApplicationSet(
  platform: GitOpsPlatform,
  options: ResolvedGitOpsOptions,
): KubernetesObject[] {
  const byServer = platform.environments.some((env) =>
    syncTargets(env).some((t) => options.servers[t.serverKey] !== undefined),
  );
  // With an environment of several clusters, each element is a cluster: its name, folder and
  // wave are keys of their own. Without, the elements are as they always were.
  const fleet = platform.environments.some((env) => (env.clusters ?? []).length > 0);
  const elements = platform.environments.flatMap((env) =>
    syncTargets(env).map((target) => ({
      environment: env.name,
      ...(fleet
        ? {
            name: target.name,
            folder: target.folder,
            wave: target.config ? CONFIG_CLUSTER_WAVE : '0',
          }
        : {}),
      namespace: env.namespace,
      ...(byServer
        ? { server: options.servers[target.serverKey] }
        : { cluster: `${platform.name}-${target.name}` }),
    })),
  );
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
            name: `${platform.name}-${fleet ? '{{.name}}' : '{{.environment}}'}`,
            labels: gitopsLabels(platform.name, '{{.environment}}'),
            ...(fleet ? { annotations: { [SYNC_WAVE]: '{{.wave}}' } } : {}),
          },
          spec: applicationSpec(
            {
              path: environmentFolder(options.path, fleet ? '{{.folder}}' : '{{.environment}}'),
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
 * Where an environment's (or a cluster's) objects go: the cluster registered in Argo CD as
 * `<platform>-<env>` (`<platform>-<env>-<cluster>`: `argocd cluster add CONTEXT --name …`), or
 * the API server given for it. The namespace is only the default of objects without one: every
 * namespaced object of the output names its own.
 */
function destination(
  platform: GitOpsPlatform,
  target: SyncTarget,
  namespace: string,
  options: ResolvedGitOpsOptions,
): Record<string, string> {
  const server = options.servers[target.serverKey];
  return server !== undefined
    ? { server, namespace }
    : { name: `${platform.name}-${target.name}`, namespace };
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
