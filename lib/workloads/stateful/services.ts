import type { EnvironmentChart } from '../chart/environment-chart';
import { k8s } from '../chart/kube';
import {
  loadBalancerAnnotations,
  type LoadBalancerServiceSpec,
} from '../network/load-balancer-service';
import { NetworkPolicies } from '../network/network-policies';
import type { BalancedMember } from '../network/policy-member';

/** What the two Services of a StatefulService are made from. */
export interface StatefulServicesOptions {
  readonly where: string;
  readonly chart: EnvironmentChart;
  /** Namespaced metadata with the workload's labels, by object name. */
  readonly metadata: (
    annotations: Record<string, string> | undefined,
    name: string,
  ) => k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  /** The headless Service's name (the StatefulSet's `serviceName`). */
  readonly headlessName: string;
  /** The client Service's name. */
  readonly clientName: string;
  /** The port of both Services, what clients use. */
  readonly port: k8s.ServicePort;
  /** The ports the pods use among themselves: on the headless Service only. */
  readonly peerPorts: readonly k8s.ServicePort[];
  /** `publishNotReadyAddresses` of the headless Service. */
  readonly publishNotReadyAddresses: boolean;
  /** The client Service's reach. */
  readonly reach: LoadBalancerServiceSpec;
  /** Records a Service's name in the environment, failing on a clash. */
  readonly claim: (kind: string, name: string) => void;
}

/**
 * The headless Service that names the pods (peers find each other, and their peer ports,
 * before they are Ready) and the client Service in front of the Ready pods, a ClusterIP one or a passthrough load
 * balancer (let through the workload's NetworkPolicy from its source ranges).
 */
export function createStatefulServices(
  scope: BalancedMember,
  options: StatefulServicesOptions,
): { readonly headless: k8s.KubeService; readonly client: k8s.KubeService } {
  const { where, chart, metadata, selector, port, reach } = options;
  const headless = new k8s.KubeService(scope, 'headless-service', {
    metadata: metadata(undefined, options.headlessName),
    spec: {
      clusterIp: 'None',
      selector: { ...selector },
      // Peers find the peer ports by DNS SRV records, which name the headless Service's ports.
      // @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#srv-records
      ports: [port, ...options.peerPorts],
      // Peers of a starting cluster find each other before they are Ready.
      // @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
      publishNotReadyAddresses: options.publishNotReadyAddresses,
    },
  });
  options.claim('Service', options.headlessName);
  const client = new k8s.KubeService(scope, 'service', {
    metadata: metadata(loadBalancerAnnotations(chart, where, 'service', reach), options.clientName),
    spec: {
      type: reach.type ?? 'ClusterIP',
      selector: { ...selector },
      ports: [port],
      loadBalancerSourceRanges: reach.sourceRanges && [...reach.sourceRanges],
    },
  });
  options.claim('Service', options.clientName);
  if (reach.type === 'LoadBalancer')
    NetworkPolicies.of(chart).addLoadBalancer(scope, {
      kind: 'passthrough',
      sourceRanges: reach.sourceRanges,
    });
  return { headless, client };
}
