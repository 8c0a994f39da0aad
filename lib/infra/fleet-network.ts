import type * as compute from '@pulumi/gcp/compute';
import type * as pulumi from '@pulumi/pulumi';
import {
  createNat,
  createNodesSubnetwork,
  createProxyOnlySubnetwork,
  createVpc,
  type NetworkResult,
} from './network';
import type { FleetPlan, GkePlatformPlan } from './plan';

/** The network of an environment of several clusters. */
export interface FleetNetworkResult {
  /** The environment's one VPC, which every cluster of the fleet shares. */
  readonly network: compute.Network;
  /** Each cluster's nodes subnetwork, in its region, by cluster key. */
  readonly subnetworks: Readonly<Record<string, compute.Subnetwork>>;
  /** The Cloud Router of each region with a cluster, by region. */
  readonly routers: Readonly<Record<string, compute.Router>>;
  /** The Cloud NAT of each region with a cluster, by region. */
  readonly nats: Readonly<Record<string, compute.RouterNat>>;
  /** The proxy-only subnet, when the environment declares `internalLoadBalancing`. */
  readonly proxyOnlySubnetwork?: compute.Subnetwork;
}

/**
 * The network of a fleet: one custom-mode VPC for the environment, since multi-cluster
 * Services reach Pods across clusters only inside one VPC network; per cluster a nodes
 * subnetwork in its region with its own ranges; per region a Cloud Router and Cloud NAT for
 * the private nodes of that region's subnetworks. Subnet routes reach every region of a VPC,
 * so the clusters' Pods reach each other whatever the dynamic routing mode (which concerns
 * Cloud Router's learned routes only).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#requirements
 * @see https://cloud.google.com/vpc/docs/routes#subnet-routes
 * @see https://cloud.google.com/nat/docs/gke-example
 */
export function createFleetNetwork(
  plan: GkePlatformPlan,
  fleet: FleetPlan,
  opts: pulumi.CustomResourceOptions,
): FleetNetworkResult {
  const network = createVpc(plan, opts);
  const subnetworks = Object.fromEntries(
    fleet.clusters.map((c) => [
      c.name,
      createNodesSubnetwork(plan, c.clusterName, c.region, network, c.ipRanges, opts),
    ]),
  );
  const regions = [...new Set(fleet.clusters.map((c) => c.region))];
  const routers: Record<string, compute.Router> = {};
  const nats: Record<string, compute.RouterNat> = {};
  for (const region of regions) {
    const inRegion = fleet.clusters.filter((c) => c.region === region);
    const { router, nat } = createNat(
      plan,
      `${plan.clusterName}-${region}`,
      region,
      network,
      inRegion.map((c) => subnetworks[c.name]),
      opts,
    );
    routers[region] = router;
    nats[region] = nat;
  }
  // The plan has refused internal load balancing across regions: one range, one region.
  const proxyOnlySubnetwork =
    plan.ipRanges.proxyOnly === undefined
      ? undefined
      : createProxyOnlySubnetwork(plan, network, plan.ipRanges.proxyOnly, opts);
  return { network, subnetworks, routers, nats, proxyOnlySubnetwork };
}

/** One cluster's part of the fleet's network, in the shape of a one-cluster stack's. */
export function clusterNetwork(
  network: FleetNetworkResult,
  cluster: { readonly name: string; readonly region: string },
): NetworkResult {
  return {
    network: network.network,
    subnetwork: network.subnetworks[cluster.name],
    router: network.routers[cluster.region],
    nat: network.nats[cluster.region],
    proxyOnlySubnetwork: network.proxyOnlySubnetwork,
  };
}
