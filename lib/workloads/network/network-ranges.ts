import { DEFAULT_PROXY_ONLY_SUBNET } from '../../platform/proxy-only-subnet';

/**
 * The addresses that the environment's NetworkPolicies open, each with the document that
 * gives it. One place, so that the README, the policies and the tests read the same values.
 */

/**
 * Google's health checkers and, for external Application Load Balancers with container-native
 * load balancing (NEG), the Google Front Ends that proxy requests to the pods.
 * @see https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing
 */
export const GOOGLE_LOAD_BALANCER_RANGES: readonly string[] = ['130.211.0.0/22', '35.191.0.0/16'];

/**
 * The default range of the proxy-only subnet that the stack creates when an environment
 * declares `internalLoadBalancing`: internal Application Load Balancers (`gce-internal`) reach
 * the pods from its Envoy proxies. An environment's `proxyOnlySubnet` replaces it, for the
 * stack and the NetworkPolicies alike (`Environment.proxyOnlySubnet`).
 * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress
 */
export const PROXY_ONLY_RANGE = DEFAULT_PROXY_ONLY_SUBNET;

/**
 * The GKE metadata server, which hands Workload Identity tokens to pods: 169.254.169.254 on
 * port 80, and on GKE Dataplane V2 also 169.254.169.252 on port 988, where the node's
 * metadata server listens.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#restrictions
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy
 */
export const METADATA_SERVER: readonly { readonly cidr: string; readonly port: number }[] = [
  { cidr: '169.254.169.254/32', port: 80 },
  { cidr: '169.254.169.252/32', port: 988 },
];

/**
 * What `'internet'` leaves out of 0.0.0.0/0: the private ranges of RFC 1918 (the cluster's
 * nodes, pods and Services, the proxy-only subnet, the VPC and peered networks) and the
 * link-local range (the metadata server, which only Workload Identity opens). Reaching a
 * private address (a Cloud SQL private IP, a VM) takes an explicit `{ cidr }`.
 * @see https://www.rfc-editor.org/rfc/rfc1918
 * @see https://www.rfc-editor.org/rfc/rfc3927
 */
export const NOT_INTERNET: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
];

/**
 * kube-dns on GKE: the pods labelled `k8s-app: kube-dns` in `kube-system`, which answer on
 * UDP and TCP 53.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/kube-dns
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
 */
export const KUBE_DNS = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  port: 53,
} as const;
