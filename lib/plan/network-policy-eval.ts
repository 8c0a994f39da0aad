/*
 * A small evaluator of Kubernetes NetworkPolicy semantics, independent of the constructs that
 * write the policies (the tests check them with it, and `gke-platform plan` compares what two
 * versions of an environment allow): given the objects of one namespace, whether a connection
 * is allowed. It follows the Kubernetes documentation (https://kubernetes.io/docs/concepts/services-networking/network-policies/):
 *
 * - a pod is isolated in a direction when a policy of its namespace selects it and has that
 *   direction in policyTypes (Ingress always, Egress when the policy has an egress section
 *   or lists it); an isolated pod takes only what some selecting policy's rule allows;
 * - a connection needs the source's egress and the destination's ingress to allow it;
 * - a rule without ports matches every port, a rule without peers every peer; a peer's
 *   podSelector alone means pods of the policy's namespace, with a namespaceSelector pods of
 *   the selected namespaces (both must match);
 * - ipBlock matches addresses outside the cluster only: which pod IPs it matches is left to
 *   the implementation, and GKE Dataplane V2 (Cilium) matches pods by identity, not CIDR;
 * - pods on the node's network are not subject to NetworkPolicy, and traffic between a pod
 *   and its own node (the kubelet's probes) is always allowed;
 * - a pod on the node's network sends from the node's address, which no podSelector or
 *   namespaceSelector matches (the "most common implementation" the documentation names).
 */

/** An object as read from YAML: any shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read defensively
export type Obj = Record<string, any>;

/** A pod: where it lives, its labels, its named ports, and whether it is on the node network. */
export interface PodEndpoint {
  readonly kind: 'pod';
  readonly name: string;
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: Readonly<Record<string, number>>;
  /** Every container port of the pod, named or not. */
  readonly containerPorts: readonly number[];
  readonly hostNetwork: boolean;
}

/** An address outside the cluster (a client, a database, the metadata server). */
export interface AddressEndpoint {
  readonly kind: 'address';
  readonly ip: string;
}

export type Endpoint = PodEndpoint | AddressEndpoint;

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

function labelSelectorMatches(
  selector: Obj | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Whether an IPv4 address lies in an IPv4 CIDR. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return false;
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function peerMatches(peer: Obj, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (other.kind !== 'address') return false;
    return (
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((e: string) => inCidr(other.ip, e))
    );
  }
  if (other.kind !== 'pod' || other.hostNetwork) return false;
  if (peer.namespaceSelector) {
    if (!labelSelectorMatches(peer.namespaceSelector, other.namespaceLabels)) return false;
  } else if (other.namespace !== policyNamespace) return false;
  return labelSelectorMatches(peer.podSelector, other.labels);
}

function portMatches(rulePort: Obj, connection: Connection, target: Endpoint): boolean {
  if ((rulePort.protocol ?? 'TCP') !== (connection.protocol ?? 'TCP')) return false;
  if (rulePort.port === undefined) return true;
  const start =
    typeof rulePort.port === 'number'
      ? rulePort.port
      : target.kind === 'pod'
        ? target.ports[rulePort.port]
        : undefined;
  if (start === undefined) return false;
  return connection.port >= start && connection.port <= (rulePort.endPort ?? start);
}

function ruleMatches(
  rule: Obj,
  peers: 'from' | 'to',
  policyNamespace: string,
  other: Endpoint,
  connection: Connection,
): boolean {
  const ports: Obj[] = rule.ports ?? [];
  const list: Obj[] = rule[peers] ?? [];
  const portOk = ports.length === 0 || ports.some((p) => portMatches(p, connection, connection.to));
  const peerOk = list.length === 0 || list.some((p) => peerMatches(p, policyNamespace, other));
  return portOk && peerOk;
}

function policyTypes(policy: Obj): string[] {
  if (policy.spec.policyTypes) return policy.spec.policyTypes;
  return policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Whether `pod`'s side lets the connection through in `direction`. */
function sideAllows(
  policies: readonly Obj[],
  pod: Endpoint,
  direction: 'Ingress' | 'Egress',
  other: Endpoint,
  connection: Connection,
): boolean {
  if (pod.kind !== 'pod' || pod.hostNetwork) return true;
  const selecting = policies.filter(
    (p) =>
      p.metadata.namespace === pod.namespace &&
      labelSelectorMatches(p.spec.podSelector, pod.labels) &&
      policyTypes(p).includes(direction),
  );
  if (selecting.length === 0) return true;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peers = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) =>
    (p.spec[key] ?? []).some((rule: Obj) =>
      ruleMatches(rule, peers, p.metadata.namespace, other, connection),
    ),
  );
}

/** Whether the NetworkPolicies among `objects` allow `connection`. */
export function isAllowed(objects: readonly Obj[], connection: Connection): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  return (
    sideAllows(policies, connection.from, 'Egress', connection.to, connection) &&
    sideAllows(policies, connection.to, 'Ingress', connection.from, connection)
  );
}

/** The pods that the workloads among `objects` run, one per controller, named after it. */
export function podsOf(objects: readonly Obj[]): PodEndpoint[] {
  const namespaces = new Map<string, Record<string, string>>(
    objects
      .filter((o) => o.kind === 'Namespace')
      .map((o) => [
        o.metadata.name,
        { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name },
      ]),
  );
  const templateOf = (o: Obj): Obj | undefined =>
    o.kind === 'CronJob'
      ? o.spec.jobTemplate.spec.template
      : ['Deployment', 'DaemonSet', 'Job', 'StatefulSet'].includes(o.kind)
        ? o.spec.template
        : undefined;
  return objects.flatMap((o) => {
    const template = templateOf(o);
    if (!template) return [];
    const ports: Record<string, number> = {};
    const containerPorts: number[] = [];
    for (const c of template.spec.containers ?? [])
      for (const p of c.ports ?? []) {
        containerPorts.push(p.containerPort);
        if (p.name) ports[p.name] = p.containerPort;
      }
    return [
      {
        kind: 'pod' as const,
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        namespaceLabels: namespaces.get(o.metadata.namespace) ?? {},
        labels: template.metadata?.labels ?? {},
        ports,
        containerPorts,
        hostNetwork: template.spec.hostNetwork === true,
      },
    ];
  });
}

/** A kube-dns pod of GKE, in kube-system. */
export const KUBE_DNS_POD: PodEndpoint = {
  kind: 'pod',
  name: 'kube-dns',
  namespace: 'kube-system',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
  labels: { 'k8s-app': 'kube-dns' },
  ports: { dns: 53 },
  containerPorts: [53],
  hostNetwork: false,
};

/** An address outside the cluster. */
export const address = (ip: string): AddressEndpoint => ({ kind: 'address', ip });
