import {
  address,
  type Endpoint,
  isAllowed,
  type Obj,
  type PodEndpoint,
  podsOf,
} from '../plan/network-policy-eval';
import { MANAGED_PROMETHEUS_COLLECTORS } from '../workloads/pod/metrics';
import {
  GOOGLE_LOAD_BALANCER_RANGES,
  METADATA_SERVER,
  PROXY_ONLY_RANGE,
} from '../workloads/network/network-ranges';
import { ANY_PORT, type GraphConnection, type Peer } from './graph-model';

/** An address range outside the cluster that a NetworkPolicy names, and the ports it names. */
interface Range {
  readonly cidr: string;
  /** The rule's ports; undefined: every port. */
  readonly ports?: readonly number[];
}

/** The names the picture gives the ranges the library opens. */
function rangeName(cidr: string): string {
  if (GOOGLE_LOAD_BALANCER_RANGES.includes(cidr)) return 'load balancer';
  if (cidr === PROXY_ONLY_RANGE) return 'internal load balancer';
  if (METADATA_SERVER.some((m) => m.cidr === cidr)) return 'metadata server';
  if (cidr === '0.0.0.0/0') return 'internet';
  return cidr;
}

/** Managed Service for Prometheus's collectors, as a pod the evaluator can place. */
const METRICS_SCRAPER: PodEndpoint = {
  kind: 'pod',
  name: 'metrics scraper',
  namespace: MANAGED_PROMETHEUS_COLLECTORS.namespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': MANAGED_PROMETHEUS_COLLECTORS.namespace },
  labels: MANAGED_PROMETHEUS_COLLECTORS.podLabels,
  ports: {},
  containerPorts: [],
  hostNetwork: false,
};

/**
 * The connections that the NetworkPolicies among `objects` allow, as the evaluator of
 * lib/plan decides them: between every ordered pair of workloads on every container port of
 * the destination; from the load balancers (Google's ranges always, others where a policy
 * names them), the metrics scraper and the other address ranges the policies let in; and to
 * the address ranges the policies let out to. A workload open to every address (a public and
 * a private one) in a direction has one peer there, `anywhere`, instead of each range. DNS is
 * left out: every workload has it.
 */
export function connectionsOf(objects: readonly Obj[]): GraphConnection[] {
  const pods = podsOf(objects);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const connections: GraphConnection[] = [];
  const add = (from: Peer, to: Peer, ports: readonly number[]) => {
    if (ports.length === 0) return;
    const same = connections.find((c) => c.from.name === from.name && c.to.name === to.name);
    if (same) {
      const merged = [...new Set([...same.ports, ...ports])].sort((a, b) => a - b);
      connections.splice(connections.indexOf(same), 1, { from, to, ports: merged });
    } else connections.push({ from, to, ports: [...new Set(ports)].sort((a, b) => a - b) });
  };
  const allowed = (from: Endpoint, to: Endpoint, ports: readonly number[]) =>
    ports.filter((port) => isAllowed(policies, { from, to, port }));
  const workload = (pod: PodEndpoint): Peer => ({ kind: 'workload', name: pod.name });
  const external = (name: string): Peer => ({ kind: 'external', name });

  for (const from of pods) {
    for (const to of pods) add(workload(from), workload(to), allowed(from, to, to.containerPorts));
  }
  const sources = [
    ...GOOGLE_LOAD_BALANCER_RANGES.map((cidr) => ({ cidr })),
    ...ranges(policies, 'ingress'),
  ];
  for (const to of pods) {
    const open = ANYWHERE.reduce(
      (ports, from) => allowed(from, to, ports),
      to.containerPorts as readonly number[],
    );
    add(external('anywhere'), workload(to), open);
    for (const { cidr } of open.length > 0 ? [] : sources) {
      add(external(rangeName(cidr)), workload(to), allowed(probe(cidr), to, to.containerPorts));
    }
    add(
      external(METRICS_SCRAPER.name),
      workload(to),
      allowed(METRICS_SCRAPER, to, to.containerPorts),
    );
  }
  for (const from of pods) {
    // An unlikely port stands for every port: a policy that lets it out names no ports.
    if (ANYWHERE.every((to) => allowed(from, to, [UNLIKELY_PORT]).length > 0)) {
      add(workload(from), external('anywhere'), [ANY_PORT]);
      continue;
    }
    for (const { cidr, ports } of ranges(policies, 'egress')) {
      const open = allowed(from, probe(cidr), ports ?? [UNLIKELY_PORT]);
      if (open.length > 0)
        add(workload(from), external(rangeName(cidr)), ports ? open : [ANY_PORT]);
    }
  }
  return connections;
}

/** A public and a private address: a peer allowed to and from both is open to anywhere. */
const ANYWHERE = [address('203.0.113.1'), address('10.0.0.1')];

/** A port no rule of the library names, standing for any port. */
const UNLIKELY_PORT = 1;

/** The ipBlock ranges of every rule of `direction`, with the rule's ports. */
function ranges(policies: readonly Obj[], direction: 'ingress' | 'egress'): Range[] {
  const peers = direction === 'ingress' ? 'from' : 'to';
  const found = new Map<string, Range>();
  for (const policy of policies) {
    for (const rule of policy.spec?.[direction] ?? []) {
      const numbered: number[] = (rule.ports ?? []).flatMap((p: Obj) =>
        typeof p.port === 'number' ? [p.port] : [],
      );
      const ports = rule.ports?.length ? numbered : undefined;
      for (const cidr of (rule[peers] ?? []).flatMap((p: Obj) => p.ipBlock?.cidr ?? [])) {
        const key = `${cidr} ${ports?.join(',') ?? '*'}`;
        if (!found.has(key)) found.set(key, { cidr, ports });
      }
    }
  }
  return [...found.values()];
}
/** An address inside an IPv4 range: its first host (or the address of a /32). */
function probe(cidr: string): Endpoint {
  const [base, bits] = cidr.split('/');
  if (bits === '32') return address(base);
  const parts = base.split('.').map(Number);
  parts[3] += 1;
  return address(parts.join('.'));
}
