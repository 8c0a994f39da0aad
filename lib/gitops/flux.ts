import type { KubernetesObject } from '../k8s/kubernetes-object';
import type { GitOpsPlatform, ResolvedGitOpsOptions } from './gitops-options';
import { environmentFolder, gitopsLabels, type SyncTarget, syncTargets } from './gitops-layout';

/**
 * Flux's objects: one GitRepository for the repository and one Kustomization per environment,
 * or per cluster of an environment of several.
 * https://fluxcd.io/flux/components/source/gitrepositories/,
 * https://fluxcd.io/flux/components/kustomize/kustomizations/
 */
export function fluxObjects(
  platform: GitOpsPlatform,
  options: ResolvedGitOpsOptions,
): KubernetesObject[] {
  const source: KubernetesObject = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: {
      name: platform.name,
      namespace: options.namespace,
      labels: gitopsLabels(platform.name),
    },
    spec: { interval: '1m', url: options.repo, ref: { branch: options.revision } },
  };
  const targets = new Map(platform.environments.map((env) => [env.name, syncTargets(env)]));
  const kustomizations = platform.environments.flatMap((env) =>
    targets.get(env.name)!.map((target): KubernetesObject => {
      const dependsOn = [
        // An environment waits for every Kustomization of the environments it depends on.
        ...(options.dependsOn[env.name] ?? []).flatMap((dep) => targets.get(dep) ?? []),
        // The config cluster waits for its environment's other clusters: its HTTPRoutes send
        // requests to the ServiceImports that their ServiceExports make
        // (https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-gateways).
        ...(target.config ? targets.get(env.name)!.filter((t) => !t.config) : []),
      ];
      return {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: {
          name: `${platform.name}-${target.name}`,
          namespace: options.namespace,
          labels: {
            ...gitopsLabels(platform.name, env.name),
            ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
          },
        },
        spec: {
          interval: '10m',
          sourceRef: { kind: 'GitRepository', name: platform.name },
          path: `./${environmentFolder(options.path, target.folder)}`,
          prune: options.prune,
          // Ready only once every object applied is healthy (Deployments rolled out, …), which is
          // what a dependent environment waits for.
          wait: true,
          timeout: '5m',
          // No targetNamespace: every namespaced object names its namespace, and the output
          // holds cluster-scoped objects that a target namespace must not touch.
          ...(dependsOn.length > 0
            ? { dependsOn: dependsOn.map((dep) => ({ name: `${platform.name}-${dep.name}` })) }
            : {}),
          ...kubeConfig(platform.name, target),
        },
      };
    }),
  );
  return [source, ...kustomizations];
}

/**
 * A cluster of an environment of several is remote to Flux (one Flux applies every cluster's
 * folder): kustomize-controller reaches it with the kubeconfig in the Secret
 * `<platform>-<env>-<cluster>-kubeconfig` of the Kustomization's namespace, under the key
 * `value` (or `value.yaml`), which the team creates
 * (https://fluxcd.io/flux/components/kustomize/kustomizations/#kubeconfig-reference).
 */
function kubeConfig(platform: string, target: SyncTarget): Record<string, unknown> {
  if (target.cluster === undefined) return {};
  return { kubeConfig: { secretRef: { name: kubeConfigSecretName(platform, target) } } };
}

/** The name of the Secret that holds a cluster's kubeconfig for Flux. */
export function kubeConfigSecretName(platform: string, target: SyncTarget): string {
  return `${platform}-${target.name}-kubeconfig`;
}
