import * as compute from '@pulumi/gcp/compute';
import type * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';

/** The names of the subnetwork's secondary ranges, which the cluster's IP allocation policy uses. */
export const POD_RANGE_NAME = 'pods';
export const SERVICE_RANGE_NAME = 'services';

/** What {@link createNetwork} creates. */
export interface NetworkResult {
  /** The VPC, in custom subnet mode. */
  readonly network: compute.Network;
  /** The nodes' subnetwork, with the secondary ranges of the pods and the Services. */
  readonly subnetwork: compute.Subnetwork;
  /** The Cloud Router that Cloud NAT runs on. */
  readonly router: compute.Router;
  /** The Cloud NAT that lets the private nodes reach the internet. */
  readonly nat: compute.RouterNat;
  /** The proxy-only subnet, when the environment declares `internalLoadBalancing`. */
  readonly proxyOnlySubnetwork?: compute.Subnetwork;
}

/**
 * A custom-mode VPC with one subnetwork for the cluster (VPC-native: secondary ranges for
 * Pods and Services), and a Cloud Router with Cloud NAT so that private nodes, which have
 * no external IP, can pull images and reach the internet.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips
 * @see https://cloud.google.com/nat/docs/gke-example
 */
export function createNetwork(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): NetworkResult {
  const name = plan.clusterName;
  const network = createVpc(plan, opts);
  const subnetwork = createNodesSubnetwork(plan, name, plan.region, network, plan.ipRanges, opts);
  const { router, nat } = createNat(plan, name, plan.region, network, [subnetwork], opts);
  const proxyOnlySubnetwork =
    plan.ipRanges.proxyOnly === undefined
      ? undefined
      : createProxyOnlySubnetwork(plan, network, plan.ipRanges.proxyOnly, opts);
  return { network, subnetwork, router, nat, proxyOnlySubnetwork };
}

/** The environment's custom-mode VPC, named as its stack (`<platform>-<environment>`). */
export function createVpc(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): compute.Network {
  const name = plan.clusterName;
  return new compute.Network(
    name,
    { name, project: plan.project, autoCreateSubnetworks: false, routingMode: 'REGIONAL' },
    opts,
  );
}

/**
 * A cluster's nodes subnetwork `<name>-nodes` in `region`, VPC-native: secondary ranges for
 * Pods and Services.
 */
export function createNodesSubnetwork(
  plan: GkePlatformPlan,
  name: string,
  region: string,
  network: compute.Network,
  ranges: { readonly nodes: string; readonly pods: string; readonly services: string },
  opts: pulumi.CustomResourceOptions,
): compute.Subnetwork {
  return new compute.Subnetwork(
    `${name}-nodes`,
    {
      name: `${name}-nodes`,
      project: plan.project,
      region,
      network: network.id,
      ipCidrRange: ranges.nodes,
      secondaryIpRanges: [
        { rangeName: POD_RANGE_NAME, ipCidrRange: ranges.pods },
        { rangeName: SERVICE_RANGE_NAME, ipCidrRange: ranges.services },
      ],
      // Private nodes reach Google APIs (Artifact Registry, Logging) without external IPs.
      // https://cloud.google.com/vpc/docs/configure-private-google-access
      privateIpGoogleAccess: true,
      // VPC Flow Logs, with intranode visibility on the cluster (CIS GKE Benchmark 5.6.1).
      // https://cloud.google.com/vpc/docs/using-flow-logs
      ...(plan.hardening.flowLogs ? { logConfig: { ...plan.hardening.flowLogs } } : {}),
    },
    opts,
  );
}

/**
 * The Cloud Router `<name>-router` and Cloud NAT `<name>-nat` of `region`, for the private
 * nodes of `subnetworks` (all in that region).
 */
export function createNat(
  plan: GkePlatformPlan,
  name: string,
  region: string,
  network: compute.Network,
  subnetworks: readonly compute.Subnetwork[],
  opts: pulumi.CustomResourceOptions,
): { router: compute.Router; nat: compute.RouterNat } {
  const router = new compute.Router(
    `${name}-router`,
    { name: `${name}-router`, project: plan.project, region, network: network.id },
    opts,
  );
  const nat = new compute.RouterNat(
    `${name}-nat`,
    {
      name: `${name}-nat`,
      project: plan.project,
      region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetworks: subnetworks.map((s) => ({
        name: s.id,
        sourceIpRangesToNats: ['ALL_IP_RANGES'],
      })),
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    },
    opts,
  );
  return { router, nat };
}

/**
 * The proxy-only subnet that internal Application Load Balancers (`gce-internal` Ingresses)
 * need in the cluster's region and VPC: purpose `REGIONAL_MANAGED_PROXY`, role `ACTIVE` (one
 * active per region and VPC). Its addresses are the Envoy proxies' only; no flow logs or
 * Private Google Access, which proxy-only subnets do not support.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress
 * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
 */
export function createProxyOnlySubnetwork(
  plan: GkePlatformPlan,
  network: compute.Network,
  range: string,
  opts: pulumi.CustomResourceOptions,
): compute.Subnetwork {
  const name = `${plan.clusterName}-proxy-only`;
  return new compute.Subnetwork(
    name,
    {
      name,
      project: plan.project,
      region: plan.region,
      network: network.id,
      ipCidrRange: range,
      purpose: 'REGIONAL_MANAGED_PROXY',
      role: 'ACTIVE',
    },
    opts,
  );
}
