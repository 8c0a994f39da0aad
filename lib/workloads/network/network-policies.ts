import { ApiObject, Lazy } from 'cdk8s';
import type { ConnectionTarget, ServicePort } from './connections';
import type { BalancedMember, PolicyMember } from './policy-member';
import type { EnvironmentChart } from '../chart/environment-chart';
import { k8s } from '../chart/kube';
import { NETWORK_POLICIES_ANNOTATION } from '../chart/labels';
import { MANAGED_PROMETHEUS_COLLECTORS } from '../pod/metrics';
import { clustersOf, podRangePeers, remoteClientClusters, runsHere } from './cross-cluster';
import {
  GOOGLE_LOAD_BALANCER_RANGES,
  KUBE_DNS,
  METADATA_SERVER,
  PROXY_ONLY_RANGE,
} from './network-ranges';

/** How a workload's pods are covered by the environment's policies. */
export type PolicyMode =
  /** A policy that allows exactly what the definition declares. */
  | 'derived'
  /** `networkPolicy: false`: a policy that allows all traffic, written out in the output. */
  | 'allow-all'
  /** Pods on the node's network, which NetworkPolicies do not apply to: no policy at all. */
  | 'host-network';

/** Where a load balancer reaches a workload's pods from. */
export type LoadBalancerSource =
  | { readonly kind: 'external-application' }
  | { readonly kind: 'internal-application' }
  | { readonly kind: 'passthrough'; readonly sourceRanges?: readonly string[] };

interface Member {
  readonly workload: PolicyMember;
  readonly mode: PolicyMode;
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
}

const OF_CHART = new WeakMap<EnvironmentChart, NetworkPolicies>();

/** The pod controllers whose Polaris exemption this construct may write. */
const CONTROLLER_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'CronJob', 'Job']);

/**
 * Polaris's `missingNetworkPolicy` asks for a policy with ingress rules; a pod that accepts
 * no connection has a policy that denies all ingress instead, which is stricter, and a pod on
 * the node's network is not subject to NetworkPolicy: their controllers carry Polaris's
 * exemption for that check.
 * @see https://polaris.docs.fairwinds.com/customization/exemptions/
 */
export const POLARIS_NETWORK_POLICY_EXEMPTION = 'polaris.fairwinds.com/missingNetworkPolicy-exempt';

const tcp = (port: number): k8s.NetworkPolicyPort => ({
  port: k8s.IntOrString.fromNumber(port),
  protocol: 'TCP',
});

/** Why the NetworkPolicies cannot let a connection through, and what would. */
export interface RefusedConnection {
  /** What is wrong, for the client's `connections` error. */
  readonly problem: string;
  /** What would be right. */
  readonly fix: string;
}

/** A port and its protocol, as a rule allows it. */
export interface ProtocolPort {
  /** The pod's port (a Service's `targetPort`). */
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

const byName = <T extends { readonly name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The NetworkPolicies of one environment: a default deny of ingress and egress for every pod
 * of the namespace, and for each workload a policy that allows exactly what its definition
 * declares (its `connections`, the load balancers in front of it, kube-dns, the metadata
 * server for Workload Identity, its declared `egress`). Workloads, connections and routes
 * register here as they are created; the rules are worked out when the chart is rendered,
 * so the order in which constructs are created does not matter.
 *
 * GKE Dataplane V2 enforces NetworkPolicy. Traffic between a pod and the node it runs on
 * (the kubelet's probes) is always allowed, so no rule is needed for probes.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy
 */
export class NetworkPolicies {
  /** The NetworkPolicies of `chart`'s environment, created with the first call. */
  static of(chart: EnvironmentChart): NetworkPolicies {
    let policies = OF_CHART.get(chart);
    if (policies === undefined) {
      policies = new NetworkPolicies(chart);
      OF_CHART.set(chart, policies);
    }
    return policies;
  }

  /** Whether the environment has NetworkPolicies (its `networkPolicies` declaration). */
  readonly enabled: boolean;
  private readonly members = new Map<PolicyMember, Member>();
  /** Per service, its clients and the target ports each connects to. */
  private readonly clients = new Map<PolicyMember, Map<PolicyMember, Set<number>>>();
  /** Per client, the services of the cluster it connects to and their target ports. */
  private readonly targets = new Map<PolicyMember, Map<PolicyMember, Set<number>>>();
  /** Per client, the egress rules of the destinations outside the cluster it connects to. */
  private readonly external = new Map<PolicyMember, k8s.NetworkPolicyEgressRule[]>();
  private readonly balancers = new Map<
    PolicyMember,
    { readonly service: BalancedMember; readonly sources: LoadBalancerSource[] }
  >();
  /** Per service, the target ports load balancers send to, where not only its main port. */
  private readonly balancerPorts = new Map<PolicyMember, Set<number>>();
  /** Per workload, the port Managed Service for Prometheus's collectors scrape. */
  private readonly scraped = new Map<PolicyMember, number>();
  /** Per workload whose pods talk to each other, the ports they do it on. */
  private readonly peers = new Map<PolicyMember, readonly ProtocolPort[]>();

  private constructor(private readonly chart: EnvironmentChart) {
    this.enabled = chart.environment.networkPolicies;
    if (!this.enabled) return;
    // Validation runs before any rendering, in every way a chart is synthesized (toJson,
    // App.synth, cdk8s synth): the last moment every workload, connection and route is known.
    chart.networkPolicyScope.node.addValidation({
      validate: () => {
        this.exemptClosedPods();
        return [];
      },
    });
  }

  /**
   * Gives `workload` its policy (unless the environment has none, or its pods are on the
   * node's network). Called by every workload's constructor.
   * @returns the policy, when one is emitted
   */
  register(
    workload: PolicyMember,
    mode: PolicyMode,
    egress: readonly k8s.NetworkPolicyEgressRule[],
  ): k8s.KubeNetworkPolicy | undefined {
    if (!this.enabled) return undefined;
    this.members.set(workload, { workload, mode, egress });
    if (mode === 'host-network') return undefined;
    const policy = new k8s.KubeNetworkPolicy(workload, 'network-policy', {
      metadata: {
        name: workload.name,
        namespace: this.chart.namespaceName,
        labels: { ...workload.labels },
        annotations:
          mode === 'allow-all'
            ? { [NETWORK_POLICIES_ANNOTATION]: "allow-all ('networkPolicy: false')" }
            : undefined,
      },
      spec: Lazy.any({ produce: () => this.specOf(workload) }) as unknown as k8s.NetworkPolicySpec,
    });
    this.chart.claimName('NetworkPolicy', workload.name, workload);
    return policy;
  }

  /**
   * Records that `client`'s pods open connections to `port` of `target` (a `connections`
   * entry): a service of the cluster lets the client in on the port's target port, and the
   * client may reach it there; a destination outside the cluster gives the client its
   * `egress` rules instead.
   * @returns why the policies cannot let the connection through, and what would, if so
   */
  connect(
    client: PolicyMember,
    target: ConnectionTarget,
    port: ServicePort,
    egress?: readonly k8s.NetworkPolicyEgressRule[],
  ): RefusedConnection | undefined {
    if (egress !== undefined) {
      this.external.set(client, [...(this.external.get(client) ?? []), ...egress]);
      return undefined;
    }
    // A target in the cluster (no egress rules of its own) is served by a workload's pods.
    const service = target.workload;
    if (service === undefined) return undefined;
    const refused = this.nodeNetworkProblem(client, target, service);
    if (refused !== undefined) return refused;
    const clients = this.clients.get(service) ?? new Map<PolicyMember, Set<number>>();
    clients.set(client, (clients.get(client) ?? new Set<number>()).add(port.targetPort));
    this.clients.set(service, clients);
    const targets = this.targets.get(client) ?? new Map<PolicyMember, Set<number>>();
    targets.set(service, (targets.get(service) ?? new Set<number>()).add(port.targetPort));
    this.targets.set(client, targets);
    return undefined;
  }

  /**
   * Pods on the node's network send from, and listen on, the node's address, which Kubernetes
   * does not match against pod labels ("the most common implementation"; Dataplane V2's
   * Cilium also keeps node addresses out of `ipBlock` rules), so a policy that names the other
   * side by its labels never lets the connection through, except, confusingly, between a pod
   * and its own node. Such a connection is refused where a derived policy would have to allow
   * it; a side with no policy (`networkPolicy: false`) lets it through.
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods
   * @see https://docs.cilium.io/en/stable/security/policy/layer3/#ip-cidr-based
   */
  private nodeNetworkProblem(
    client: PolicyMember,
    target: ConnectionTarget,
    service: PolicyMember,
  ): RefusedConnection | undefined {
    const clientMode = this.members.get(client)?.mode;
    const serviceMode = this.members.get(service)?.mode;
    if (clientMode === 'host-network' && serviceMode === 'derived')
      return {
        problem: `is ${target.where}, whose NetworkPolicy admits pods by their labels, but this workload's pods use the node's network ('hostNetwork'): their connections come from the node's address, which no pod label matches, so only pods on the same node would answer`,
        fix: `run the pods on the pod network (leave 'hostNetwork' out), or give ${target.where} 'networkPolicy: false' so that it admits all traffic`,
      };
    if (serviceMode === 'host-network' && clientMode === 'derived')
      return {
        problem: `is ${target.where}, whose pods use the node's network ('hostNetwork'): connections to them go to the node's address, which this workload's NetworkPolicy cannot name by pod labels`,
        fix: `run ${target.where}'s pods on the pod network, or give this workload 'networkPolicy: false'`,
      };
    return undefined;
  }

  /**
   * Records that a Google load balancer sends traffic to `service`'s pods, on `targetPorts`
   * (by default the main container port).
   */
  addLoadBalancer(
    service: BalancedMember,
    source: LoadBalancerSource,
    targetPorts?: readonly number[],
  ): void {
    const sources = this.balancers.get(service)?.sources ?? [];
    if (!sources.some((s) => s.kind === source.kind)) sources.push(source);
    this.balancers.set(service, { service, sources });
    if (targetPorts) {
      const ports = this.balancerPorts.get(service) ?? new Set<number>();
      for (const port of targetPorts) ports.add(port);
      this.balancerPorts.set(service, ports);
    }
  }

  /** Records that Managed Service for Prometheus's collectors scrape `workload` on `port`. */
  addMetricsScraper(workload: PolicyMember, port: number): void {
    this.scraped.set(workload, port);
  }

  /**
   * Records that `workload`'s pods connect to each other on `ports` (a StatefulService's
   * replicas: replication, a cluster bus): each pod may send to and receive from the others
   * there, and no other workload gains anything.
   */
  addPeers(workload: PolicyMember, ports: readonly ProtocolPort[]): void {
    this.peers.set(workload, [...ports]);
  }

  /** The workloads that connect to `service`, by name. */
  clientsOf(service: PolicyMember): readonly PolicyMember[] {
    return [...(this.clients.get(service)?.keys() ?? [])].sort(byName);
  }

  /**
   * Writes the Polaris exemption on the controllers of pods that accept no connection (their
   * policy denies all ingress) and of pods on the node's network (no policy applies).
   */
  private exemptClosedPods(): void {
    for (const { workload, mode } of this.members.values()) {
      // Pods on the node's network are not subject to NetworkPolicy at all.
      const closed = mode === 'derived' && this.ingressOf(workload).length === 0;
      if (mode !== 'host-network' && !closed) continue;
      for (const child of workload.node.children) {
        if (ApiObject.isApiObject(child) && CONTROLLER_KINDS.has(child.kind))
          child.metadata.addAnnotation(POLARIS_NETWORK_POLICY_EXEMPTION, 'true');
      }
    }
  }

  private specOf(workload: PolicyMember): k8s.NetworkPolicySpec {
    const member = this.members.get(workload) as Member;
    // The instance label alone: it is the workload's name, unique in the namespace, and
    // Polaris's missingNetworkPolicy wants matchLabels to match exactly one pod label.
    const instance = 'app.kubernetes.io/instance';
    // Pods this library did not make (a ForeignWorkloadPolicy) are selected by all their labels.
    const podSelector = {
      matchLabels:
        instance in workload.selector
          ? { [instance]: workload.selector[instance] }
          : { ...workload.selector },
    };
    if (member.mode === 'allow-all') {
      // One empty rule matches all traffic in its direction.
      return { podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] };
    }
    const ingress = this.ingressOf(workload);
    return {
      podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingress.length > 0 ? ingress : undefined,
      egress: [...this.clusterEgressOf(workload), ...member.egress],
    };
  }

  private ingressOf(workload: PolicyMember): k8s.NetworkPolicyIngressRule[] {
    const rules: k8s.NetworkPolicyIngressRule[] = [];
    const clients = this.clientsOf(workload);
    const byPort = new Map<number, PolicyMember[]>();
    for (const client of clients) {
      for (const port of this.clients.get(workload)?.get(client) ?? []) {
        byPort.set(port, [...(byPort.get(port) ?? []), client]);
      }
    }
    for (const port of [...byPort.keys()].sort((a, b) => a - b)) {
      const portClients = byPort.get(port) ?? [];
      // In a fleet, a client on a cluster without this workload reaches it from its own
      // cluster's Pod range (multi-cluster Services); clients on other clusters that run this
      // workload too use their own cluster's.
      const remote = portClients.flatMap((c) => remoteClientClusters(this.chart, c, workload));
      const from = [
        ...portClients
          .filter((c) => runsHere(c))
          .map((c) => ({ podSelector: { matchLabels: { ...c.selector } } })),
        ...podRangePeers(this.chart, remote),
      ];
      // NetworkPolicy sees the pod's port after the Service's translation: the targetPort.
      if (from.length > 0) rules.push({ from, ports: [tcp(port)] });
    }
    const peers = this.peerRuleOf(workload);
    if (peers !== undefined) rules.push({ from: peers.pods, ports: peers.ports });
    const balancer = this.balancers.get(workload);
    if (balancer !== undefined)
      rules.push(...this.balancerRulesOf(balancer.service, balancer.sources));
    const metricsPort = this.scraped.get(workload);
    if (metricsPort !== undefined) {
      rules.push({
        from: [
          {
            namespaceSelector: {
              matchLabels: {
                'kubernetes.io/metadata.name': MANAGED_PROMETHEUS_COLLECTORS.namespace,
              },
            },
            podSelector: { matchLabels: { ...MANAGED_PROMETHEUS_COLLECTORS.podLabels } },
          },
        ],
        ports: [tcp(metricsPort)],
      });
    }
    return rules;
  }

  /** The ingress rules that let `service`'s load balancers in, one per kind of source. */
  private balancerRulesOf(
    service: BalancedMember,
    sources: readonly LoadBalancerSource[],
  ): k8s.NetworkPolicyIngressRule[] {
    const balanced = this.balancerPorts.get(service);
    const rules: k8s.NetworkPolicyIngressRule[] = [];
    for (const source of sources) {
      const ports = balanced ? [...balanced].sort((a, b) => a - b) : [service.containerPort];
      const health = service.httpHealthCheck?.port;
      if (source.kind !== 'passthrough' && health !== undefined && !ports.includes(health))
        ports.push(health);
      const ranges =
        source.kind === 'external-application'
          ? GOOGLE_LOAD_BALANCER_RANGES
          : source.kind === 'internal-application'
            ? // The environment's proxy-only subnet: the range the stack creates it with.
              [
                this.chart.environment.proxyOnlySubnet ?? PROXY_ONLY_RANGE,
                ...GOOGLE_LOAD_BALANCER_RANGES,
              ]
            : // A passthrough Network Load Balancer keeps the client's address.
              (source.sourceRanges ?? ['0.0.0.0/0']);
      rules.push({
        from: ranges.map((cidr) => ({ ipBlock: { cidr } })),
        ports: ports.map(tcp),
      });
    }
    return rules;
  }

  private clusterEgressOf(workload: PolicyMember): k8s.NetworkPolicyEgressRule[] {
    const rules: k8s.NetworkPolicyEgressRule[] = [
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': KUBE_DNS.namespace },
            },
            podSelector: { matchLabels: { ...KUBE_DNS.podLabels } },
          },
        ],
        ports: [
          { port: k8s.IntOrString.fromNumber(KUBE_DNS.port), protocol: 'UDP' },
          tcp(KUBE_DNS.port),
        ],
      },
    ];
    if (workload.identity) {
      for (const { cidr, port } of METADATA_SERVER)
        rules.push({ to: [{ ipBlock: { cidr } }], ports: [tcp(port)] });
    }
    const targets = this.targets.get(workload);
    for (const target of [...(targets?.keys() ?? [])].sort(byName)) {
      const ports = [...(targets?.get(target) ?? [])].sort((a, b) => a - b);
      // A service on other clusters of a fleet only: its pods there, by their clusters' Pod ranges.
      const to = runsHere(target)
        ? [{ podSelector: { matchLabels: { ...target.selector } } }]
        : podRangePeers(this.chart, clustersOf(this.chart, target));
      rules.push({ to, ports: ports.map(tcp) });
    }
    const peers = this.peerRuleOf(workload);
    if (peers !== undefined) rules.push({ to: peers.pods, ports: peers.ports });
    rules.push(...(this.external.get(workload) ?? []));
    return rules;
  }

  /** The pods of `workload` and the ports they reach each other on, where they do. */
  private peerRuleOf(
    workload: PolicyMember,
  ): { pods: k8s.NetworkPolicyPeer[]; ports: k8s.NetworkPolicyPort[] } | undefined {
    const ports = this.peers.get(workload);
    if (ports === undefined || ports.length === 0) return undefined;
    return {
      pods: [{ podSelector: { matchLabels: { ...workload.selector } } }],
      ports: ports.map(({ port, protocol }) => ({
        port: k8s.IntOrString.fromNumber(port),
        protocol,
      })),
    };
  }
}
