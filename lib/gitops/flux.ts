import type { KubernetesObject } from '../k8s/kubernetes-object';
import type { GitOpsPlatform, ResolvedGitOpsOptions } from './gitops-options';
import { environmentFolder, gitopsLabels } from './gitops-layout';

/**
 * Flux's objects: one GitRepository for the repository and one Kustomization per environment.
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
  const kustomizations = platform.environments.map((env): KubernetesObject => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: `${platform.name}-${env.name}`,
      namespace: options.namespace,
      labels: gitopsLabels(platform.name, env.name),
    },
    spec: {
      interval: '10m',
      sourceRef: { kind: 'GitRepository', name: platform.name },
      path: `./${environmentFolder(options.path, env.name)}`,
      prune: options.prune,
      // Ready only once every object applied is healthy (Deployments rolled out, …), which is
      // what a dependent environment waits for.
      wait: true,
      timeout: '5m',
      // No targetNamespace: every namespaced object names its namespace, and the output
      // holds cluster-scoped objects that a target namespace must not touch.
      ...(options.dependsOn[env.name]?.length
        ? {
            dependsOn: options.dependsOn[env.name].map((dep) => ({
              name: `${platform.name}-${dep}`,
            })),
          }
        : {}),
    },
  }));
  return [source, ...kustomizations];
}
