import type { Finding } from './finding';
import type { Obj } from './network-policy-eval';

/**
 * GKE's multi-cluster Gateway sends a route's requests to the clusters through ServiceImports
 * (`group: net.gke.io, kind: ServiceImport`); a backend per cluster (`<service>-<cluster>`)
 * with a weight splits them between clusters.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways (blue-green between clusters)
 */
const SERVICE_IMPORT = { group: 'net.gke.io', kind: 'ServiceImport' };

interface BackendRef {
  readonly group?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly weight?: number;
}

/**
 * How a route's requests shift between clusters, rule by rule, from the weights of its
 * ServiceImport backends: `traffic of route shop/web: euw1 50% → 100%, ane1 50% → 0%
 * (draining ane1)`. A weight is a share of the rule's total (Gateway API: a backend without a
 * weight has 1, https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref). A cluster
 * that stops receiving requests, or a rule whose requests no cluster receives any more, is
 * disruptive: the other clusters take all of its load, as when replicas drop; any other shift
 * is safe, as a canary's weight is.
 */
export function trafficShifts(
  route: string,
  before: Obj,
  after: Obj,
  clusters: readonly string[],
): Finding[] {
  const old = rulesOf(before);
  const now = rulesOf(after);
  const findings: Finding[] = [];
  for (let i = 0; i < Math.max(old.length, now.length); i++) {
    const was = shares(old[i], clusters);
    const is = shares(now[i], clusters);
    if ((was.size === 0 && is.size === 0) || sameShares(was, is)) continue;
    const labels = [...new Set([...is.keys(), ...was.keys()])];
    const parts = labels.map(
      (l) => `${l} ${percent(was.get(l) ?? 0)} → ${percent(is.get(l) ?? 0)}`,
    );
    const draining = labels.filter((l) => (was.get(l) ?? 0) > 0 && (is.get(l) ?? 0) === 0);
    const none = is.size > 0 && [...is.values()].every((s) => s === 0);
    const rule = now.length > 1 || old.length > 1 ? ` (rule ${i + 1})` : '';
    const why = none
      ? ': no cluster receives its requests any more'
      : draining.length > 0
        ? ` (draining ${draining.join(', ')}): the other clusters take all of its requests`
        : '';
    findings.push({
      risk: none || draining.length > 0 ? 'disruptive' : 'safe',
      reason: `traffic of route ${route}${rule}: ${parts.join(', ')}${why}`,
    });
  }
  return findings;
}

function rulesOf(route: Obj): readonly { backendRefs?: readonly BackendRef[] }[] {
  const rules = (route.spec as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? rules : [];
}

/**
 * Each cluster's share (0 to 1) of a rule's requests sent to ServiceImports: a backend named
 * `<service>-<cluster>` is that cluster's; another ServiceImport (the service's import of
 * every cluster, the nearest healthy one answering) keeps its own name.
 */
function shares(
  rule: { backendRefs?: readonly BackendRef[] } | undefined,
  clusters: readonly string[],
): Map<string, number> {
  const refs = rule?.backendRefs ?? [];
  const weight = (r: BackendRef) => (typeof r.weight === 'number' ? r.weight : 1);
  const total = refs.reduce((sum, r) => sum + weight(r), 0);
  const result = new Map<string, number>();
  for (const ref of refs) {
    if (ref.group !== SERVICE_IMPORT.group || ref.kind !== SERVICE_IMPORT.kind) continue;
    const name = String(ref.name ?? '');
    const cluster = [...clusters]
      .sort((a, b) => b.length - a.length)
      .find((c) => name.endsWith(`-${c}`));
    const label = cluster ?? `${name} (nearest healthy cluster)`;
    result.set(label, (result.get(label) ?? 0) + (total > 0 ? weight(ref) / total : 0));
  }
  return result;
}

function sameShares(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  const labels = new Set([...a.keys(), ...b.keys()]);
  return [...labels].every((l) => percent(a.get(l) ?? 0) === percent(b.get(l) ?? 0));
}

/** `50%`, `33.3%`. */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
