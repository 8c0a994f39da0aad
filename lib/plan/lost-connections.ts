import { isAllowed, type Obj, type PodEndpoint, podsOf } from './network-policy-eval';

/** A connection between two workloads that the old policies allowed and the new ones deny. */
export interface LostConnection {
  readonly from: PodEndpoint;
  readonly to: PodEndpoint;
  readonly port: number;
}

/**
 * The connections that an environment's NetworkPolicies allowed before and deny after: every
 * ordered pair of workloads present in both versions (pod labels from their pod templates),
 * on every container port the destination has in both.
 */
export function lostConnections(before: readonly Obj[], after: readonly Obj[]): LostConnection[] {
  const oldPods = new Map(podsOf(before).map((p) => [`${p.namespace}/${p.name}`, p]));
  const newPods = podsOf(after).filter((p) => oldPods.has(`${p.namespace}/${p.name}`));
  const oldPolicies = before.filter((o) => o.kind === 'NetworkPolicy');
  const newPolicies = after.filter((o) => o.kind === 'NetworkPolicy');
  const lost: LostConnection[] = [];
  for (const to of newPods) {
    const oldTo = oldPods.get(`${to.namespace}/${to.name}`)!;
    const ports = to.containerPorts.filter((p) => oldTo.containerPorts.includes(p));
    for (const from of newPods) {
      const oldFrom = oldPods.get(`${from.namespace}/${from.name}`)!;
      for (const port of new Set(ports)) {
        const was = isAllowed(oldPolicies, { from: oldFrom, to: oldTo, port });
        if (was && !isAllowed(newPolicies, { from, to, port })) lost.push({ from, to, port });
      }
    }
  }
  return lost;
}
