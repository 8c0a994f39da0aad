import type { KubernetesObject } from '../k8s/kubernetes-object';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Whether `policy` passes the cross-object part of Polaris's `missingNetworkPolicy` check
 * for a pod template with `podLabels`: its `additionalSchemaStrings` for
 * networking.k8s.io/NetworkPolicy, a Go template over the pod template's labels that asks for
 * `spec.podSelector.matchLabels` matching exactly one of them (`oneOf`), non-empty `ingress`
 * and `egress`, and `policyTypes` (when given) holding both Ingress and Egress.
 * @see https://github.com/FairwindsOps/polaris/blob/master/pkg/config/checks/missingNetworkPolicy.yaml
 */
export function passesPolarisNetworkPolicy(
  policy: KubernetesObject,
  podLabels: Readonly<Record<string, unknown>>,
): boolean {
  const spec = policy.spec;
  if (!isObject(spec) || !isObject(spec.podSelector)) return false;
  const matchLabels = spec.podSelector.matchLabels;
  if (!isObject(matchLabels)) return false;
  const matching = Object.entries(podLabels).filter(
    ([key, value]) => typeof matchLabels[key] === 'string' && matchLabels[key] === String(value),
  );
  if (matching.length !== 1) return false;
  for (const direction of ['ingress', 'egress']) {
    const rules = spec[direction];
    if (!Array.isArray(rules) || rules.length === 0) return false;
  }
  if (spec.policyTypes === undefined) return true;
  if (!Array.isArray(spec.policyTypes)) return false;
  const types = spec.policyTypes.map((t) => String(t).toLowerCase());
  return types.includes('ingress') && types.includes('egress');
}

/**
 * The NetworkPolicies of each namespace, for {@link passesPolarisNetworkPolicy}: Polaris
 * looks only at objects of the pod's namespace and passes when one of them matches.
 */
export function networkPoliciesByNamespace(
  objects: readonly KubernetesObject[],
): Map<string, KubernetesObject[]> {
  const byNamespace = new Map<string, KubernetesObject[]>();
  for (const o of objects) {
    if (o?.kind !== 'NetworkPolicy') continue;
    const namespace = String(o.metadata?.namespace ?? '');
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), o]);
  }
  return byNamespace;
}
