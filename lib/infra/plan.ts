import { join } from 'node:path';
import { type Certificate } from '../platform/certificate';
import { checkGpuMachine } from '../platform/gpu';
import { checkGpusInRegion } from '../platform/gpu-regions';
import { DEFAULT_PROXY_ONLY_SUBNET } from '../platform/proxy-only-subnet';
import { checkOneOf, fail } from '../core/errors';
import { checkProjectId } from '../platform/project-id';
import { type NodePool } from '../platform/node-pool';
import { type Registry } from '../platform/registry';
import { type SecurityPolicy } from '../platform/security-policy';
import { type StaticIp } from '../platform/static-ip';
import { type WorkloadIdentity } from '../platform/platform';
import { zoneRegion } from '../platform/zones';
import type { AuthorizedNetwork, GkePlatformArgs, MaintenanceWindow, ReleaseChannel } from './args';
import { overlaps, parseCidr } from './cidr';
import { type HardeningPlan, planHardening } from './hardening';
import { checkManifestsFit } from './manifest-checks';
import { type Manifest, readManifests, synthesizedManifests } from './manifests';

/** Everything a {@link GkePlatform} creates, worked out and checked before any resource exists. */
export interface GkePlatformPlan {
  /** `GkePlatform '<name>' (<environment>)`, the `where` of error messages. */
  readonly where: string;
  /** The platform's name. */
  readonly platform: string;
  /** The environment's name. */
  readonly environment: string;
  /** The environment's Kubernetes namespace. */
  readonly namespace: string;
  /** The GCP project, checked against the environment's. */
  readonly project: string;
  /** The GCP region of the network, the NAT and the regional IPs. */
  readonly region: string;
  /** The cluster's location: the zone of a zonal cluster, else the region. */
  readonly location: string;
  /** `<platform>-<environment>`: the cluster, the VPC and the prefix of other GCP names. */
  readonly clusterName: string;
  /** The VPC's ranges; `proxyOnly` only when the environment has internal load balancing. */
  readonly ipRanges: {
    readonly nodes: string;
    readonly pods: string;
    readonly services: string;
    readonly proxyOnly?: string;
  };
  /** Whether the VPC gets a proxy-only subnet for internal Application Load Balancers. */
  readonly internalLoadBalancing: boolean;
  /** The ranges that may reach the control plane, each with its display name. */
  readonly masterAuthorizedNetworks: readonly Required<AuthorizedNetwork>[];
  /** The GKE release channel the cluster follows. */
  readonly releaseChannel: ReleaseChannel;
  /** Whether this environment is production (deletion protection always on, stricter defaults). */
  readonly production: boolean;
  /** Whether `pulumi destroy` refuses to delete the cluster. */
  readonly deletionProtection: boolean;
  /** When GKE may upgrade and repair the cluster. */
  readonly maintenanceWindow: MaintenanceWindow;
  /** The hardening options with their defaults applied. */
  readonly hardening: HardeningPlan;
  /** The node service account's ID: `<platform>-<environment>-nodes`. */
  readonly nodeServiceAccountId: string;
  /** The environment's pools with the stack's size overrides applied. */
  readonly nodePools: readonly NodePool[];
  /** The static IPs the environment declares, which the stack reserves. */
  readonly staticIps: readonly StaticIp[];
  /** The Workload Identity service accounts the environment declares. */
  readonly workloadIdentities: readonly WorkloadIdentity[];
  /** The registries the workloads pull from; the nodes may read the non-public ones. */
  readonly registries: readonly Registry[];
  /** The Cloud Armor policies the environment declares. */
  readonly securityPolicies: readonly SecurityPolicy[];
  /** The SSL certificates the environment declares (each self-managed one has its PEM). */
  readonly certificates: readonly Certificate[];
  /** GCP labels on the cluster and the node pools. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The environment's manifests, from `workloads` or `manifestsDir` (absent without either);
   * for an environment of several clusters, the config cluster's.
   */
  readonly manifests?: readonly Manifest[];
  /**
   * For an environment of several clusters (`clusters` in the platform): each cluster as the
   * stack creates it. Absent for one cluster, whose values are the fields above.
   */
  readonly fleet?: FleetPlan;
}

/** The clusters of an environment of several, as the stack creates them. */
export interface FleetPlan {
  /** Every cluster, in the platform's declaration order. */
  readonly clusters: readonly ClusterPlan[];
  /** The config cluster: its API server holds the multi-cluster Gateway and its routes. */
  readonly config: ClusterPlan;
}

/** One cluster of a fleet, worked out and checked. */
export interface ClusterPlan {
  /** The cluster's key in the platform's `clusters` (`euw1`). */
  readonly name: string;
  /** The GKE cluster's name: `<platform>-<environment>-<cluster>`. */
  readonly clusterName: string;
  /** The cluster's region: its subnetwork, Cloud NAT and Secrets key live there. */
  readonly region: string;
  /** The cluster's zone for a zonal cluster, else its region. */
  readonly location: string;
  /** Whether it is the config cluster. */
  readonly config: boolean;
  /** Its subnetwork's ranges. */
  readonly ipRanges: { readonly nodes: string; readonly pods: string; readonly services: string };
  /** The environment's pools with this cluster's sizes and zones. */
  readonly nodePools: readonly NodePool[];
  /** This cluster's manifests, from `workloads` or `<manifestsDir>/<cluster>/`. */
  readonly manifests?: readonly Manifest[];
}

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const RELEASE_CHANNELS: readonly ReleaseChannel[] = ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The default maintenance window: every day, 03:00 to 07:00 UTC (4 hours, GKE's minimum). */
export const DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindow = {
  startTime: '2025-01-01T03:00:00Z',
  endTime: '2025-01-01T07:00:00Z',
  recurrence: 'FREQ=DAILY',
};

/** The default VPC-native ranges, and the proxy-only subnet's. */
export const DEFAULT_IP_RANGES = {
  nodes: '10.0.0.0/20',
  pods: '10.4.0.0/14',
  services: '10.8.0.0/20',
  proxyOnly: DEFAULT_PROXY_ONLY_SUBNET,
};

/**
 * Checks a stack's arguments against its platform and works out every name and value.
 * {@link GkePlatform} calls it before it registers anything, so bad input creates nothing.
 *
 * @throws {PlatformError} naming the stack, the argument, what is wrong and how to fix it.
 */
export function planGkePlatform(name: string, args: GkePlatformArgs): GkePlatformPlan {
  const base = `GkePlatform '${name}'`;
  if (!args?.platform || typeof args.platform.environment !== 'function') {
    fail(
      base,
      'platform',
      'is not set',
      "pass the platform from definePlatform(), e.g. apps/platform.ts's 'platform'",
    );
  }
  if (typeof args.environment !== 'string' || args.environment === '') {
    fail(
      base,
      'environment',
      'is not set',
      `use one of ${args.platform.environmentNames.join(', ')}`,
    );
  }
  const env = args.platform.environment(args.environment);
  const where = `${base} (${env.name})`;
  const platform = args.platform.name;
  const clusterName = `${platform}-${env.name}`;

  const project = args.project ?? env.project;
  if (project === undefined || project === '') {
    fail(
      where,
      'project',
      'is not set',
      `set it (pulumi config set gcp:project <id>) or declare 'project' for environment '${env.name}' in the platform`,
    );
  }
  checkProjectId(where, 'project', project);
  if (env.project !== undefined && env.project !== project) {
    fail(
      where,
      'project',
      `is '${project}', but the platform declares project '${env.project}' for '${env.name}'`,
      "use the same project in both, since the workloads' Workload Identity annotations name it",
    );
  }

  const fleet = env.fleet;
  if (fleet !== undefined) refuseSingleClusterArgs(where, env, args);
  if (
    fleet !== undefined
      ? args.region !== undefined && !REGION.test(args.region)
      : typeof args.region !== 'string' || !REGION.test(args.region)
  ) {
    fail(
      where,
      'region',
      `is ${JSON.stringify(args.region)}, which is not a GCP region`,
      "use a region such as 'europe-west1' (pulumi config set gcp:region <region>)",
    );
  }
  const region = fleet?.config.region ?? (args.region as string);
  if (args.zone !== undefined && !new RegExp(`^${args.region}-[a-z]$`).test(args.zone)) {
    fail(
      where,
      'zone',
      `is ${JSON.stringify(args.zone)}, which is not a zone of region '${args.region}'`,
      `use e.g. '${args.region}-b', or leave it out for a regional cluster`,
    );
  }

  const internalLoadBalancing = env.internalLoadBalancing;
  // The platform declares the proxy-only range (the NetworkPolicies read it too); the
  // stack's own argument may only repeat it.
  const proxyOnly = env.proxyOnlySubnet;
  const asked = args.ipRanges?.proxyOnly;
  if (proxyOnly !== undefined && asked !== undefined && asked !== proxyOnly) {
    fail(
      where,
      'ipRanges.proxyOnly',
      `('${asked}') differs from 'proxyOnlySubnet' of environment '${env.name}' ('${proxyOnly}'), the range the NetworkPolicies let the load balancers' proxies in from`,
      `declare the range once, as proxyOnlySubnet: '${asked}' of environment '${env.name}' in the platform, and leave 'ipRanges.proxyOnly' out`,
    );
  }
  const ipRanges = {
    nodes: args.ipRanges?.nodes ?? DEFAULT_IP_RANGES.nodes,
    pods: args.ipRanges?.pods ?? DEFAULT_IP_RANGES.pods,
    services: args.ipRanges?.services ?? DEFAULT_IP_RANGES.services,
    ...(proxyOnly !== undefined ? { proxyOnly } : {}),
  };
  checkRanges(where, ipRanges);
  if (fleet !== undefined && proxyOnly !== undefined) {
    const regions = [...new Set(fleet.clusters.map((c) => c.region))];
    if (regions.length > 1)
      fail(
        where,
        'environment',
        `'${env.name}' declares internalLoadBalancing (a proxy-only subnet '${proxyOnly}') and clusters in ${regions.length} regions (${regions.join(', ')}), but a proxy-only subnet serves one region and its range one subnet of the VPC`,
        'put the clusters that need internal load balancers in one region, or turn internalLoadBalancing off for this environment',
      );
  }

  if (!Array.isArray(args.masterAuthorizedNetworks)) {
    fail(
      where,
      'masterAuthorizedNetworks',
      'is not set',
      "list the CIDR blocks that may reach the control plane, e.g. [{ cidrBlock: '203.0.113.0/24' }], or [] for none",
    );
  }
  const masterAuthorizedNetworks = args.masterAuthorizedNetworks.map((n, i) => {
    const cidr = parseCidr(where, `masterAuthorizedNetworks[${i}].cidrBlock`, n?.cidrBlock).text;
    return { cidrBlock: cidr, displayName: n.displayName ?? cidr };
  });

  const releaseChannel = args.releaseChannel ?? 'REGULAR';
  checkOneOf(where, 'releaseChannel', releaseChannel, RELEASE_CHANNELS);

  const production = args.production ?? (env.name === 'prod' || env.name === 'production');
  const deletionProtection = args.deletionProtection ?? production;
  if (production && !deletionProtection) {
    fail(
      where,
      'deletionProtection',
      `is false, but '${env.name}' is a production environment`,
      "leave it on; to tear production down on purpose, set 'production' to false first, run 'pulumi up', then 'pulumi destroy'",
    );
  }

  const maintenanceWindow = args.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  checkMaintenanceWindow(where, maintenanceWindow);

  const hardening = planHardening(
    {
      where,
      production,
      region,
      clusterName,
      masterAuthorizedNetworks,
      registries: env.registries,
    },
    args,
  );

  const nodeServiceAccountId = `${clusterName}-nodes`;
  if (nodeServiceAccountId.length > 30) {
    fail(
      where,
      'environment',
      `makes the node service account ID '${nodeServiceAccountId}' longer than 30 characters`,
      'use a shorter platform or environment name',
    );
  }
  const staticIps = checkStaticIps(where, env.staticIps);
  const workloadIdentities = checkRoles(where, env.workloadIdentities);
  /** One cluster's pools and manifests, checked against each other. */
  const planPools = (
    pools: readonly NodePool[],
    at: { region: string; zone?: string; cluster?: string },
  ) => {
    const checked = checkNodePools(where, pools);
    checkPoolZones(where, checked, at.region, at.zone);
    if (at.cluster === undefined) checkGpusInRegion(where, 'region', at.region, checked);
    const manifests = stackManifests(where, args, env.namespace, at.cluster);
    if (manifests !== undefined) {
      checkManifestsFit(where, manifests, {
        platform: args.platform,
        environment: env.name,
        nodePools: checked,
        staticIps,
        workloadIdentities,
        internalLoadBalancing,
        securityPolicies: env.securityPolicies,
        certificates: env.certificates,
      });
    }
    return { nodePools: checked, manifests };
  };
  for (const c of fleet?.clusters ?? [])
    checkRanges(where, { ...c.ipRanges, ...(proxyOnly !== undefined ? { proxyOnly } : {}) });
  const clusters = fleet?.clusters.map((c): ClusterPlan => ({
    name: c.name,
    clusterName: `${clusterName}-${c.name}`,
    region: c.region,
    location: c.location,
    config: c.config,
    ipRanges: c.ipRanges,
    ...planPools(c.nodePools, { region: c.region, zone: c.zone, cluster: c.name }),
  }));
  const config = clusters?.find((c) => c.config);
  const { nodePools, manifests } =
    config ??
    planPools(applySizes(where, env.nodePools, args.nodePoolSizes ?? {}), {
      region,
      zone: args.zone,
    });

  return {
    where,
    platform,
    environment: env.name,
    namespace: env.namespace,
    project,
    region,
    location: config?.location ?? args.zone ?? region,
    clusterName,
    ipRanges: config
      ? { ...config.ipRanges, ...(proxyOnly !== undefined ? { proxyOnly } : {}) }
      : ipRanges,
    internalLoadBalancing,
    masterAuthorizedNetworks,
    releaseChannel,
    production,
    deletionProtection,
    maintenanceWindow,
    hardening,
    nodeServiceAccountId,
    nodePools,
    staticIps,
    workloadIdentities,
    registries: env.registries,
    securityPolicies: env.securityPolicies,
    certificates: checkCertificatePems(where, env.certificates, args.certificatePems ?? {}),
    labels: { 'gke-platform': platform, environment: env.name },
    manifests,
    ...(clusters && config ? { fleet: { clusters, config } } : {}),
  };
}

/**
 * The stack arguments that only make sense for one cluster: an environment of several
 * declares each cluster's location, ranges and pool sizes in the platform, and the platform's
 * StaticIp names no cluster, so a regional address would have no region.
 */
function refuseSingleClusterArgs(
  where: string,
  env: { readonly name: string; readonly staticIps: readonly StaticIp[] },
  args: GkePlatformArgs,
): void {
  const fix = (what: string) =>
    `declare ${what} per cluster in the platform (environments.${env.name}.clusters.<cluster>), and leave it out of the stack`;
  const perCluster = [
    ['zone', "'zone'"],
    ['ipRanges', "'ipRanges'"],
    ['nodePoolSizes', "the pools' sizes ('nodePools')"],
  ] as const;
  for (const [prop, what] of perCluster)
    if (args[prop] !== undefined)
      fail(where, prop, `is set, but '${env.name}' runs on several clusters`, fix(what));
  if (args.delivery !== undefined)
    fail(
      where,
      'delivery',
      `is set, but '${env.name}' runs on several clusters, and the pipeline's targets name one cluster per environment`,
      'deploy the clusters of this environment with their stack (workloads, deployWorkloads) or your CD tool, and leave delivery out',
    );
  const regional = env.staticIps.find((ip) => ip.scope === 'regional');
  if (regional !== undefined)
    fail(
      `${where} static IP '${regional.key}'`,
      'scope',
      `is 'regional', but '${env.name}' runs on several clusters and a regional address belongs to one region, which the static IP does not name`,
      "serve the environment through a global address (scope: 'global'), which the multi-cluster Gateway uses; keep regional addresses to environments of one cluster",
    );
}

/**
 * The stack's manifests: its `workloads` synthesized for the environment, or the folder
 * `manifestsDir` as synthesized before; neither, none.
 */
function stackManifests(
  where: string,
  args: GkePlatformArgs,
  namespace: string,
  cluster?: string,
): Manifest[] | undefined {
  const { workloads, manifestsDir } = args;
  if (workloads !== undefined && manifestsDir !== undefined) {
    fail(
      where,
      'workloads',
      `and 'manifestsDir' ('${manifestsDir}') are both set`,
      "pass one: 'workloads' synthesizes the definition in-process, 'manifestsDir' reads a folder synthesized before",
    );
  }
  if (manifestsDir !== undefined)
    return readManifests(
      where,
      cluster === undefined ? manifestsDir : join(manifestsDir, cluster),
      namespace,
    );
  if (workloads === undefined) return undefined;
  if (typeof workloads?.synthesize !== 'function') {
    fail(
      where,
      'workloads',
      'is not a workload source',
      "pass workloadSource(platform, define) from 'gke-platform', with the function your synth passes to synthesizePlatform",
    );
  }
  if (workloads.platform?.name !== args.platform.name) {
    fail(
      where,
      'workloads',
      `defines the workloads of platform '${workloads.platform?.name}', not of '${args.platform.name}'`,
      "make it from the stack's own platform: workloadSource(platform, define)",
    );
  }
  return synthesizedManifests(where, workloads.synthesize(args.environment, cluster), namespace);
}

/** Every self-managed certificate has its PEM files, and every PEM a self-managed certificate. */
function checkCertificatePems(
  where: string,
  certificates: readonly Certificate[],
  pems: Readonly<Record<string, unknown>>,
): readonly Certificate[] {
  for (const c of certificates)
    if (c.type === 'self-managed' && !Object.hasOwn(pems, c.key))
      fail(
        where,
        'certificatePems',
        `has no PEM files for the self-managed certificate '${c.key}'`,
        `pass { ${c.key}: { certificate, privateKey } } from Pulumi secrets`,
      );
  for (const key of Object.keys(pems))
    if (!certificates.some((c) => c.key === key && c.type === 'self-managed'))
      fail(
        where,
        'certificatePems',
        `has '${key}', which is not a self-managed certificate of the environment`,
        `declare '${key}' with type 'self-managed' under the environment's 'certificates', or leave it out`,
      );
  return certificates;
}

/** The prop that declares a range: the stack's `ipRanges`, the platform's `proxyOnlySubnet`. */
const rangeProp = (key: string) => (key === 'proxyOnly' ? 'proxyOnlySubnet' : `ipRanges.${key}`);

function checkRanges(
  where: string,
  ranges: { nodes: string; pods: string; services: string; proxyOnly?: string },
): void {
  // The platform checked the proxy-only range's form and size; here it meets the others.
  const parsed = Object.entries(ranges)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, text]) => [key, parseCidr(where, rangeProp(key), text)] as const);
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const [a, ca] = parsed[i];
      const [b, cb] = parsed[j];
      if (overlaps(ca, cb)) {
        fail(
          where,
          rangeProp(b),
          `('${cb.text}') overlaps '${rangeProp(a)}' ('${ca.text}')`,
          'give nodes, Pods, Services and the proxy-only subnet separate ranges',
        );
      }
    }
  }
}

function checkMaintenanceWindow(where: string, window: MaintenanceWindow): void {
  for (const prop of ['startTime', 'endTime'] as const) {
    if (typeof window[prop] !== 'string' || !RFC3339.test(window[prop])) {
      fail(
        where,
        `maintenanceWindow.${prop}`,
        `is ${JSON.stringify(window[prop])}, which is not an RFC 3339 time`,
        "write it as '2025-01-01T03:00:00Z'",
      );
    }
  }
  const hours = (Date.parse(window.endTime) - Date.parse(window.startTime)) / 3_600_000;
  if (!(hours >= 4)) {
    fail(
      where,
      'maintenanceWindow.endTime',
      `is ${hours} hours after 'startTime'`,
      'give GKE a window of at least 4 hours',
    );
  }
  if (typeof window.recurrence !== 'string' || !window.recurrence.startsWith('FREQ=')) {
    fail(
      where,
      'maintenanceWindow.recurrence',
      `is ${JSON.stringify(window.recurrence)}, which is not an RRULE`,
      "write e.g. 'FREQ=DAILY' or 'FREQ=WEEKLY;BYDAY=SA,SU'",
    );
  }
}

function applySizes(
  where: string,
  pools: readonly NodePool[],
  sizes: Readonly<Record<string, { minNodes?: number; maxNodes?: number }>>,
): NodePool[] {
  for (const poolName of Object.keys(sizes)) {
    if (!pools.some((p) => p.name === poolName)) {
      fail(
        where,
        `nodePoolSizes.${poolName}`,
        `names a pool that environment has not declared`,
        `use one of ${pools.map((p) => p.name).join(', ')}`,
      );
    }
  }
  return pools.map((pool) => {
    const size = sizes[pool.name];
    if (size === undefined) return pool;
    for (const prop of ['minNodes', 'maxNodes'] as const) {
      const value = size[prop];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        fail(
          where,
          `nodePoolSizes.${pool.name}.${prop}`,
          `is ${JSON.stringify(value)}`,
          'use a whole number of at least 0',
        );
      }
    }
    return {
      ...pool,
      minNodes: size.minNodes ?? pool.minNodes,
      maxNodes: size.maxNodes ?? pool.maxNodes,
    };
  });
}

/**
 * Checks the pools' declared zones against the stack's region: a node pool's zones are in
 * its cluster's region ("Nodes must be in the region of their regional cluster or in the
 * same region as their cluster's zone for zonal clusters", `nodeLocations`). A GPU pool of a
 * regional cluster must declare its zones: without them GKE creates the pool in every zone
 * of the region, and fails in the zones where the GPU type does not exist.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
 */
function checkPoolZones(
  where: string,
  pools: readonly NodePool[],
  region: string,
  zone: string | undefined,
): void {
  for (const pool of pools) {
    const at = `${where} node pool '${pool.name}'`;
    if (pool.zones === undefined) {
      if (pool.gpu && zone === undefined) {
        fail(
          at,
          'zones',
          `is not declared, so GKE would create the ${pool.gpu.type} pool in every zone of '${region}', and a GPU type exists only in some zones`,
          `declare in 'zones' the zones of '${region}' that have it (gcloud compute accelerator-types list --filter="name=${pool.gpu.type}" lists them)`,
        );
      }
      continue;
    }
    pool.zones.forEach((z, i) => {
      if (zoneRegion(z) !== region) {
        fail(
          at,
          `zones[${i}]`,
          `is '${z}', which is not in the cluster's region '${region}'`,
          `use zones of '${region}', or deploy this environment to the region of its zones`,
        );
      }
    });
  }
}

/**
 * Checks the pools as they will be created: unique names, autoscaling bounds that can hold a
 * node, and GPUs that fit the machine type.
 *
 * @throws {PlatformError} naming the pool.
 */
export function checkNodePools(where: string, pools: readonly NodePool[]): readonly NodePool[] {
  if (pools.length === 0) {
    fail(where, 'nodePools', 'is empty', 'declare at least one node pool for this environment');
  }
  const seen = new Set<string>();
  for (const pool of pools) {
    const at = `${where} node pool '${pool.name}'`;
    if (seen.has(pool.name)) {
      fail(at, 'name', 'is used by two pools', 'give every pool of an environment its own name');
    }
    seen.add(pool.name);
    if (pool.maxNodes < 1) {
      fail(
        at,
        'maxNodes',
        `is ${pool.maxNodes}, so the pool would always be empty`,
        'allow at least 1 node, or remove the pool',
      );
    }
    if (pool.minNodes > pool.maxNodes) {
      fail(
        at,
        'minNodes',
        `(${pool.minNodes}) is greater than 'maxNodes' (${pool.maxNodes})`,
        "make 'minNodes' ≤ 'maxNodes'",
      );
    }
    if (pool.gpu) checkGpuMachine(at, pool.gpu.type, pool.machineType, pool.gpu.count);
  }
  return pools;
}

const ROLE =
  /^(roles|projects\/[a-z][-a-z0-9]*\/roles|organizations\/[0-9]+\/roles)\/[A-Za-z0-9_.]+$/;

function checkRoles(
  where: string,
  identities: readonly WorkloadIdentity[],
): readonly WorkloadIdentity[] {
  for (const id of identities) {
    id.roles.forEach((role, i) => {
      if (!ROLE.test(role)) {
        fail(
          `${where} workload identity '${id.serviceAccountName}'`,
          `roles[${i}]`,
          `is '${role}', which is not an IAM role name`,
          "write a role such as 'roles/cloudsql.client'",
        );
      }
    });
  }
  return identities;
}

function checkStaticIps(where: string, ips: readonly StaticIp[]): readonly StaticIp[] {
  const seen = new Set<string>();
  for (const ip of ips) {
    if (seen.has(ip.name)) {
      fail(
        `${where} static IP '${ip.key}'`,
        'name',
        `'${ip.name}' is used by two static IPs`,
        'give each static IP its own GCP name',
      );
    }
    seen.add(ip.name);
  }
  return ips;
}
