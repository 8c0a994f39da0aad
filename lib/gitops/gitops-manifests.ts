import type { KubernetesObject } from '../k8s/kubernetes-object';
import type { Platform } from '../platform/platform';
import { argocdApplications, argocdApplicationSet } from './argocd';
import { fluxObjects } from './flux';
import {
  type GitOpsOptions,
  type GitOpsPlatform,
  gitopsPlatformOf,
  resolveGitOpsOptions,
} from './gitops-options';

/**
 * The GitOps tool's objects that keep each environment's cluster in step with its synthesized
 * folder (`<path>/<environment>/`, as writeManifests writes it) in a Git repository: Argo CD
 * Applications (or one ApplicationSet), or a Flux GitRepository and one Kustomization per
 * environment. Apply them where the tool runs (its namespace: `argocd`, `flux-system`).
 *
 * The order inside an environment needs no sync waves (which would change the output):
 * - Argo CD sorts a wave's objects by kind: namespaces first, then the other Kubernetes kinds,
 *   then custom resources such as Gateway and HTTPRoute
 *   (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/#how-does-it-work).
 * - Flux applies CustomResourceDefinitions and Namespaces first, waits for them, then the rest
 *   (https://fluxcd.io/flux/components/kustomize/kustomizations/#reconciliation).
 * Neither waits for workloads to be healthy before an Ingress or Gateway of the same sync, and
 * `kubectl apply -f` of the folder does not either: the GKE Ingress and Gateway controllers keep
 * reconciling until the Services and their NEGs exist, so nothing fails in that order.
 */
export function gitopsManifests(
  platform: Platform | GitOpsPlatform,
  options: GitOpsOptions,
): KubernetesObject[] {
  const target = gitopsPlatformOf(platform);
  const resolved = resolveGitOpsOptions(target, options);
  if (resolved.tool === 'flux') return fluxObjects(target, resolved);
  return resolved.applicationSet
    ? argocdApplicationSet(target, resolved)
    : argocdApplications(target, resolved);
}
