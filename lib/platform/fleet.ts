import { checkWholeNumber, fail } from '../core/errors';
import { checkDnsLabel } from '../core/naming';
import { type Cidr, overlaps, parseCidr } from './cidr';
import { isRegionName } from './gcp-locations';
import { checkGpusInRegion } from './gpu-regions';
import type { NodePool } from './node-pool';
import { checkZones, zoneRegion } from './zones';

/**
 * One GKE cluster of an environment that runs on several (a fleet): where it is, how big its
 * pools are there, and whether it holds the environment's multi-cluster Gateway.
 * @see https://cloud.google.com/kubernetes-engine/fleet-management/docs/fleet-concepts
 */
export interface ClusterSpec {
  /** The region of a regional cluster, e.g. 'europe-west1'. Give `region` or `zone`. */
  readonly region?: string;
  /** The zone of a zonal cluster, e.g. 'asia-northeast1-a'. Give `region` or `zone`. */
  readonly zone?: string;
  /**
   * Whether this is the config cluster: the one whose API server holds the multi-cluster
   * Gateway and its HTTPRoutes, which GKE's controller reads to program the one global load
   * balancer of every cluster. Exactly one cluster of the environment is; a lone cluster is
   * without saying so.
   * @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways#config_cluster
   */
  readonly config?: boolean;
  /**
   * The sizes of the environment's node pools on this cluster, by pool name; a pool left out
   * has its declared size. `zones` must be in this cluster's region.
   * @default the environment's pools as declared
   */
  readonly nodePools?: Readonly<Record<string, ClusterPoolSize>>;
  /**
   * The cluster's IP ranges. The clusters of a fleet share one VPC and reach each other's Pods
   * directly (multi-cluster Services), so no two of them may overlap; the NetworkPolicies admit
   * the other clusters' Pod ranges where traffic crosses clusters.
   * @default the n-th cluster (from 0) gets nodes `10.<16n>.0.0/20`, Pods `10.<16n+4>.0.0/14`
   *   and Services `10.<16n+8>.0.0/20` (the first cluster the ranges of a single-cluster stack)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#requirements
   */
  readonly ipRanges?: ClusterIpRanges;
}

/** A pool's size on one cluster of a fleet. */
export interface ClusterPoolSize {
  /** Autoscaling lower bound, in nodes per zone. @default the pool's `minNodes` */
  readonly minNodes?: number;
  /** Autoscaling upper bound, in nodes per zone. @default the pool's `maxNodes` */
  readonly maxNodes?: number;
  /** The pool's zones on this cluster, in its region. @default the pool's `zones` */
  readonly zones?: readonly string[];
}

/** A cluster's primary and secondary IP ranges. */
export interface ClusterIpRanges {
  /** The nodes' subnetwork. */
  readonly nodes?: string;
  /** The Pods' secondary range. */
  readonly pods?: string;
  /** The Services' secondary range. */
  readonly services?: string;
}

/** One cluster of a fleet, with every default applied. */
export interface FleetCluster {
  /** The cluster's key in `clusters`: its output folder (`dist/<env>/<cluster>/`). */
  readonly name: string;
  /** The cluster's region (a zonal cluster's zone's region). */
  readonly region: string;
  /** The zone of a zonal cluster. */
  readonly zone?: string;
  /** Where GKE creates the cluster: its zone, else its region. */
  readonly location: string;
  /** Whether it is the config cluster (the multi-cluster Gateway's). */
  readonly config: boolean;
  /** The environment's node pools with this cluster's sizes and zones. */
  readonly nodePools: readonly NodePool[];
  /** The cluster's IP ranges, checked and worked out. */
  readonly ipRanges: { readonly nodes: string; readonly pods: string; readonly services: string };
}

/** The clusters of an environment that runs on several, with the config cluster. */
export interface Fleet {
  /** Every cluster, in declaration order. */
  readonly clusters: readonly FleetCluster[];
  /** The cluster that holds the multi-cluster Gateway and its routes. */
  readonly config: FleetCluster;
}

/**
 * The most clusters an environment declares here: the default ranges give sixteen clusters
 * room in 10.0.0.0/8, and GKE's multi-cluster Gateway is documented for fleets of that order.
 */
const MAX_CLUSTERS = 16;

/**
 * Checks an environment's `clusters` against its node pools. `platform` and `env` make the
 * GKE cluster names (`<platform>-<env>-<cluster>`), which may have at most 40 characters.
 * @see https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster
 */
export function parseFleet(
  where: string,
  platform: string,
  env: string,
  clusters: Readonly<Record<string, ClusterSpec>>,
  pools: readonly NodePool[],
): Fleet {
  const entries = Object.entries(clusters);
  if (entries.length === 0)
    fail(
      where,
      'clusters',
      'is empty',
      "declare at least one cluster, e.g. { 'europe-west1': { region: 'europe-west1', config: true } }, or leave 'clusters' out for one cluster",
    );
  if (entries.length > MAX_CLUSTERS)
    fail(
      where,
      'clusters',
      `declares ${entries.length} clusters, more than ${MAX_CLUSTERS}`,
      `split the environment, or declare at most ${MAX_CLUSTERS}`,
    );
  const parsed = entries.map(([name, spec], i) =>
    parseCluster(where, platform, env, name, spec ?? {}, i, pools, entries.length === 1),
  );
  const configs = parsed.filter((c) => c.config);
  if (configs.length !== 1)
    fail(
      where,
      'clusters',
      configs.length === 0
        ? `has no config cluster among ${parsed.map((c) => `'${c.name}'`).join(', ')}`
        : `has ${configs.length} config clusters (${configs.map((c) => `'${c.name}'`).join(', ')})`,
      "set 'config: true' on exactly one cluster: the one that holds the multi-cluster Gateway",
    );
  checkDisjointRanges(where, parsed);
  return { clusters: parsed, config: configs[0] };
}

function parseCluster(
  where: string,
  platform: string,
  env: string,
  name: string,
  spec: ClusterSpec,
  index: number,
  pools: readonly NodePool[],
  alone: boolean,
): FleetCluster {
  const prop = `clusters.${name}`;
  checkDnsLabel(where, prop, name, 20);
  const gkeName = `${platform}-${env}-${name}`;
  if (gkeName.length > 40)
    fail(
      where,
      prop,
      `makes the GKE cluster name '${gkeName}' (${gkeName.length} characters), longer than GKE's 40`,
      'give the cluster a shorter key, e.g. a region code such as euw1',
    );
  const { region, zone } = clusterLocation(where, prop, spec);
  const nodePools = poolsOnCluster(where, prop, region, spec.nodePools ?? {}, pools);
  checkGpusInRegion(
    where,
    spec.zone === undefined ? `${prop}.region` : `${prop}.zone`,
    region,
    nodePools,
  );
  return {
    name,
    region,
    zone,
    location: zone ?? region,
    config: spec.config ?? alone,
    nodePools,
    ipRanges: clusterRanges(where, `${prop}.ipRanges`, spec.ipRanges ?? {}, index),
  };
}

function clusterLocation(
  where: string,
  prop: string,
  spec: ClusterSpec,
): { region: string; zone?: string } {
  if ((spec.region === undefined) === (spec.zone === undefined))
    fail(
      where,
      prop,
      spec.region === undefined
        ? 'has neither a region nor a zone'
        : 'has both a region and a zone',
      "give 'region' for a regional cluster (e.g. 'europe-west1') or 'zone' for a zonal one",
    );
  if (spec.zone !== undefined) {
    const region = zoneRegion(spec.zone);
    if (region === undefined || !isRegionName(region))
      fail(
        where,
        `${prop}.zone`,
        `is ${JSON.stringify(spec.zone)}, which is not a zone`,
        "write a zone such as 'asia-northeast1-a'",
      );
    return { region, zone: spec.zone };
  }
  if (!isRegionName(spec.region as string))
    fail(
      where,
      `${prop}.region`,
      `is ${JSON.stringify(spec.region)}, which is not a region`,
      "write a region such as 'europe-west1'",
    );
  return { region: spec.region as string };
}

/** The environment's pools with the cluster's sizes; every zone in the cluster's region. */
function poolsOnCluster(
  where: string,
  prop: string,
  region: string,
  sizes: Readonly<Record<string, ClusterPoolSize>>,
  pools: readonly NodePool[],
): NodePool[] {
  for (const name of Object.keys(sizes)) {
    if (!pools.some((p) => p.name === name))
      fail(
        where,
        `${prop}.nodePools.${name}`,
        'names no node pool of the environment',
        `size one of ${pools.map((p) => `'${p.name}'`).join(', ')}`,
      );
  }
  return pools.map((pool) => {
    const size = sizes[pool.name] ?? {};
    const at = `${prop}.nodePools.${pool.name}`;
    const minNodes = checkWholeNumber(where, `${at}.minNodes`, size.minNodes ?? pool.minNodes, 0);
    const maxNodes = checkWholeNumber(where, `${at}.maxNodes`, size.maxNodes ?? pool.maxNodes, 1);
    if (minNodes > maxNodes)
      fail(
        where,
        `${at}.minNodes`,
        `(${minNodes}) is greater than 'maxNodes' (${maxNodes}) on this cluster`,
        "make 'minNodes' ≤ 'maxNodes'",
      );
    const zones = size.zones === undefined ? pool.zones : checkZones(`${where} ${at}`, size.zones);
    const outside = zones?.find((z) => zoneRegion(z) !== region);
    if (outside !== undefined)
      fail(
        where,
        size.zones === undefined ? `nodePools.${pool.name}.zones` : `${at}.zones`,
        `has '${outside}', outside the region '${region}' of the cluster '${prop.slice('clusters.'.length)}'`,
        `give this cluster the pool's zones in ${region}: ${at}.zones`,
      );
    return { ...pool, minNodes, maxNodes, zones };
  });
}

function clusterRanges(
  where: string,
  prop: string,
  spec: ClusterIpRanges,
  index: number,
): FleetCluster['ipRanges'] {
  const base = 16 * index;
  const ranges = {
    nodes: spec.nodes ?? `10.${base}.0.0/20`,
    pods: spec.pods ?? `10.${base + 4}.0.0/14`,
    services: spec.services ?? `10.${base + 8}.0.0/20`,
  };
  const parsed = Object.entries(ranges).map(([key, text]) => ({
    key,
    cidr: parseCidr(where, `${prop}.${key}`, text),
  }));
  for (const [i, a] of parsed.entries())
    for (const b of parsed.slice(i + 1))
      if (overlaps(a.cidr, b.cidr))
        fail(
          where,
          `${prop}.${b.key}`,
          `(${ranges[b.key as keyof typeof ranges]}) overlaps '${a.key}' (${ranges[a.key as keyof typeof ranges]})`,
          'give each range its own addresses',
        );
  return ranges;
}

/** No two clusters' ranges overlap: their Pods reach each other directly over the one VPC. */
function checkDisjointRanges(where: string, clusters: readonly FleetCluster[]): void {
  const all: { cluster: string; key: string; text: string; cidr: Cidr }[] = clusters.flatMap((c) =>
    Object.entries(c.ipRanges).map(([key, text]) => ({
      cluster: c.name,
      key,
      text,
      cidr: parseCidr(where, `clusters.${c.name}.ipRanges.${key}`, text),
    })),
  );
  for (const [i, a] of all.entries())
    for (const b of all.slice(i + 1))
      if (a.cluster !== b.cluster && overlaps(a.cidr, b.cidr))
        fail(
          where,
          `clusters.${b.cluster}.ipRanges.${b.key}`,
          `(${b.text}) overlaps the ${a.key} range of the cluster '${a.cluster}' (${a.text})`,
          'give every cluster of the environment ranges of its own (the defaults never overlap)',
        );
}
