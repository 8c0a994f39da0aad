import type * as container from '@pulumi/gcp/container';
import * as pulumi from '@pulumi/pulumi';
import type * as binaryauthorization from '@pulumi/gcp/binaryauthorization';
import { type AddressResult, createAddresses } from './addresses';
import type { GkePlatformArgs } from './args';
import { createBinaryAuthorizationPolicy } from './binary-authorization';
import { clusterView } from './cluster-view';
import { createDelivery, type DeliveryResult } from './delivery-pipeline';
import { planDelivery } from './delivery-plan';
import {
  type CertificateResult,
  createCertificates,
  createSecurityPolicies,
  type SecurityPolicyResult,
} from './edge';
import { createFleetFeatures, type FleetFeaturesResult } from './fleet-features';
import { clusterNetwork, createFleetNetwork, type FleetNetworkResult } from './fleet-network';
import { createMonitoring, type MonitoringResult, planMonitoring } from './monitoring';
import { createNetwork, type NetworkResult } from './network';
import { createOneCluster, type OneClusterResult } from './one-cluster';
import { createNodeServiceAccount, type NodeServiceAccountResult } from './node-service-account';
import { type ClusterPlan, type GkePlatformPlan, planGkePlatform } from './plan';
import {
  createPreviewGateway,
  planPreviewGateway,
  type PreviewDnsRecord,
  type PreviewGatewayResult,
} from './preview-gateway';
import { createPreviewIdentities, type PreviewIdentitiesResult } from './preview-identities';
import { createRegistryReaders, type RegistryReaderResult } from './registry';
import type { SecretsEncryptionResult } from './secrets-encryption';
import type * as projects from '@pulumi/gcp/projects';
import { createSecretManagerApi, createSecrets, planSecrets, type SecretResult } from './secrets';
import { createWorkloadIdentities, type WorkloadIdentityResult } from './workload-identities';
import { createWorkloads, type WorkloadsResult } from './workloads';

/** One cluster of a fleet environment's stack, with what it alone has. */
export interface FleetClusterResult extends OneClusterResult {
  /** The cluster as planned: its key, GKE name, location, pools and manifests. */
  readonly plan: ClusterPlan;
  /** Its manifests applied, when the stack deploys workloads. */
  readonly workloads?: WorkloadsResult;
}

/** What the stack of an environment of several clusters creates beyond a one-cluster stack's. */
export interface FleetResult {
  /** The one VPC, the clusters' subnetworks, each region's Cloud Router and NAT. */
  readonly network: FleetNetworkResult;
  /** Every cluster, by its key in the platform's `clusters`. */
  readonly clusters: Readonly<Record<string, FleetClusterResult>>;
  /** The fleet's APIs, multi-cluster Services and Gateway features, and their IAM. */
  readonly features: FleetFeaturesResult;
}

/** A cluster's outputs in {@link GkePlatform.clusters}. */
export interface ClusterOutputs {
  /** The GKE cluster's name. */
  readonly name: string;
  /** Its location: the zone of a zonal cluster, else the region. */
  readonly location: string;
  /** The control plane's IP endpoint. */
  readonly endpoint: string;
  /** Its kubeconfig (`gke-gcloud-auth-plugin`). The whole output is secret. */
  readonly kubeconfig: string;
}

/** The Pulumi type token of {@link GkePlatform}. */
export const GKE_PLATFORM_TYPE = 'gke-platform:index:GkePlatform';

/**
 * One environment of a platform on GKE: the VPC with Cloud NAT (and a proxy-only subnet when
 * the environment declares `internalLoadBalancing`), a hardened private cluster, its node
 * service account with read access to the declared registries, one node pool per declared
 * pool (in its declared zones), the declared static IPs (and, in the previews' base
 * environment, the shared preview Gateway's address and wildcard certificate), the workloads'
 * Workload Identity service accounts (and, there too, the previews' copies of them), the declared monitoring and, optionally, the
 * environment's workloads (synthesized in-process from `workloads`, or read from
 * `manifestsDir`).
 *
 * An environment that declares `clusters` (a fleet) gets one VPC with a subnetwork per
 * cluster and a Cloud NAT per region, every cluster hardened alike and registered in the
 * project's fleet, the multi-cluster Services and Gateway features with their APIs and IAM,
 * and each cluster's manifests applied to it; see {@link GkePlatform.fleet}.
 *
 * Everything is checked before anything is registered: bad arguments, and manifests that do
 * not fit the environment, throw a `PlatformError` and create nothing.
 *
 * @example
 * const gke = new GkePlatform('shop-prod', {
 *   platform,
 *   environment: 'prod',
 *   region: 'europe-west1',
 *   masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
 *   // The definition the synth runs (from 'gke-platform'), synthesized here and applied.
 *   workloads: workloadSource(platform, defineShop),
 * });
 * export const kubeconfig = gke.kubeconfig;
 */
export class GkePlatform extends pulumi.ComponentResource {
  /** Every name and value the component worked out from its arguments. */
  public readonly plan: GkePlatformPlan;
  /** The VPC, its subnetwork, Cloud Router and Cloud NAT (for a fleet: the config cluster's). */
  public readonly network: NetworkResult;
  /** The nodes' own GCP service account and its least-privilege project roles. */
  public readonly nodeServiceAccount: NodeServiceAccountResult;
  /** The Cloud KMS key ring and key that encrypt Secrets, when `secretsEncryption` is on. */
  public readonly secretsEncryption?: SecretsEncryptionResult;
  /** The project's Binary Authorization policy, when `binaryAuthorization.projectPolicy` is on. */
  public readonly binaryAuthorizationPolicy?: binaryauthorization.Policy;
  /**
   * The GKE cluster: private nodes, hardened, without a default node pool. For an environment
   * of several clusters, the config cluster (every cluster is in {@link GkePlatform.fleet}).
   */
  public readonly cluster: container.Cluster;
  /** The node pools, in the platform's declaration order (for a fleet: the config cluster's). */
  public readonly nodePools: readonly container.NodePool[];
  /** The reserved static IPs, in the platform's declaration order. */
  public readonly addresses: readonly AddressResult[];
  /** The declared Cloud Armor policies, which the routes' BackendConfigs name. */
  public readonly securityPolicies: readonly SecurityPolicyResult[];
  /** The declared SSL certificates, which entrypoints serve as pre-shared certificates. */
  public readonly certificates: readonly CertificateResult[];
  /**
   * In the previews' base environment: the shared preview Gateway's address and wildcard
   * certificate (Certificate Manager, by DNS authorization) in its certificate map.
   */
  public readonly previewGateway?: PreviewGatewayResult;
  /** The nodes' read access to each declared, non-public registry. */
  public readonly registryReaders: readonly RegistryReaderResult[];
  /** The workloads' GCP service accounts, each with its Workload Identity binding and roles. */
  public readonly workloadIdentities: readonly WorkloadIdentityResult[];
  /**
   * In the previews' base environment: a Google service account per workload identity that
   * every preview's workloads act as, with the base identity's roles and secrets.
   */
  public readonly previewIdentities?: PreviewIdentitiesResult;
  /** The declared Secret Manager secrets (containers only) and their readers' access. */
  public readonly secrets: readonly SecretResult[];
  /** The Secret Manager API of the project, enabled when the environment declares secrets. */
  public readonly secretManagerApi?: projects.Service;
  /**
   * The applied manifests, when `workloads` or `manifestsDir` is set and `deployWorkloads` is
   * not false (for a fleet: the config cluster's; each cluster's are in its `fleet` entry).
   */
  public readonly workloads?: WorkloadsResult;
  /** The environment's notification channels, uptime checks and their alert policies. */
  public readonly monitoring: MonitoringResult;
  /** The Cloud Deploy pipeline, its targets and execution service account, with `delivery`. */
  public readonly delivery?: DeliveryResult;
  /**
   * For an environment of several clusters (`clusters` in the platform): every cluster, the
   * shared VPC, and the fleet's features.
   */
  public readonly fleet?: FleetResult;

  /** The GKE cluster's name (for a fleet: the config cluster's). */
  public readonly clusterName: pulumi.Output<string>;
  /** The control plane's IP endpoint: public, or private with `privateEndpoint`. */
  public readonly endpoint: pulumi.Output<string>;
  /**
   * The control plane's DNS-based endpoint (`gke-<hash>.<region>.gke.goog`), which answers
   * users from outside the VPC when `dnsEndpoint` is on.
   */
  public readonly dnsEndpoint: pulumi.Output<string>;
  /**
   * A kubeconfig that authenticates with `gke-gcloud-auth-plugin`. Secret. For a fleet: the
   * config cluster's, where the multi-cluster Gateway and its routes live.
   */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * For an environment of several clusters: each cluster's name, location, endpoint and
   * kubeconfig, by its key in the platform's `clusters`. Secret (it holds kubeconfigs).
   */
  public readonly clusters?: pulumi.Output<Record<string, ClusterOutputs>>;
  /** The reserved IP addresses, by GCP address name (what manifests reference). */
  public readonly addressesByName: pulumi.Output<Record<string, string>>;
  /**
   * In the previews' base environment: the DNS records to create for the previews' domain
   * (the DNS authorization's CNAME, the A record of `*.<domain>`).
   */
  public readonly previewDnsRecords?: pulumi.Output<PreviewDnsRecord[]>;
  /** The declared registries by key: the prefix of their images, where to push them. */
  public readonly registryUrls: Readonly<Record<string, string>>;
  /** The node pools' names (for a fleet: the config cluster's). */
  public readonly nodePoolNames: pulumi.Output<string[]>;

  constructor(name: string, args: GkePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: bad input must not create half a stack.
    const plan = planGkePlatform(name, args);
    const secrets = planSecrets(plan, args.platform);
    const monitoring = planMonitoring(plan, args.platform);
    const delivery = planDelivery(plan, args.platform, args.delivery);
    const previews = planPreviewGateway(plan, args.platform);
    super(GKE_PLATFORM_TYPE, name, {}, opts);
    this.plan = plan;
    const child = { parent: this };

    this.nodeServiceAccount = createNodeServiceAccount(plan, child);
    this.registryReaders = createRegistryReaders(
      plan,
      this.nodeServiceAccount.account.email,
      child,
    );
    this.binaryAuthorizationPolicy = createBinaryAuthorizationPolicy(plan, child);
    const shared = {
      nodeServiceAccount: this.nodeServiceAccount,
      registryReaders: this.registryReaders,
      binaryAuthorizationPolicy: this.binaryAuthorizationPolicy,
      secretSync: secrets.length > 0,
    };
    let one: OneClusterResult;
    const fleetClusters: Record<string, OneClusterResult & { plan: ClusterPlan }> = {};
    let fleetNetwork: FleetNetworkResult | undefined;
    if (plan.fleet === undefined) {
      this.network = createNetwork(plan, child);
      one = createOneCluster(plan, { ...shared, network: this.network }, child);
    } else {
      const network = createFleetNetwork(plan, plan.fleet, child);
      for (const c of plan.fleet.clusters) {
        const created = createOneCluster(
          clusterView(plan, c),
          { ...shared, network: clusterNetwork(network, c) },
          child,
        );
        fleetClusters[c.name] = { ...created, plan: c };
      }
      fleetNetwork = network;
      this.network = clusterNetwork(network, plan.fleet.config);
      one = fleetClusters[plan.fleet.config.name];
    }
    this.secretsEncryption = one.secretsEncryption;
    this.cluster = one.cluster;
    this.nodePools = one.nodePools;
    this.addresses = createAddresses(plan, this.network.subnetwork, child);
    this.securityPolicies = createSecurityPolicies(plan, child);
    this.certificates = createCertificates(plan, args.certificatePems ?? {}, child);
    this.previewGateway = createPreviewGateway(plan, previews, child);
    // One binding per identity serves every cluster: the clusters of a project share its
    // workload identity pool, so a namespace and KSA name are one identity in all of them.
    // https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#identity_sameness
    this.workloadIdentities = createWorkloadIdentities(
      plan,
      Object.values(fleetClusters)
        .map((c) => c.cluster)
        .concat(plan.fleet ? [] : [this.cluster]),
      child,
    );
    this.secretManagerApi = createSecretManagerApi(plan, secrets, child);
    this.secrets = createSecrets(plan, secrets, this.workloadIdentities, {
      ...child,
      // Secret Manager answers only once its API is on.
      dependsOn: this.secretManagerApi ? [this.secretManagerApi] : [],
    });
    this.previewIdentities = createPreviewIdentities(
      plan,
      previews,
      this.workloadIdentities,
      this.secrets,
      this.cluster,
      child,
    );

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.dnsEndpoint = this.cluster.controlPlaneEndpointsConfig.apply(
      (c) => c.dnsEndpointConfig?.endpoint ?? '',
    );
    this.kubeconfig = one.kubeconfig;
    const preview = this.previewGateway;
    const named = [
      ...this.addresses.map((a) => ({ name: a.ip.name, address: a.address })),
      ...(preview ? [{ name: preview.previews.addressName, address: preview.address }] : []),
    ];
    this.addressesByName = pulumi
      .all(named.map((a) => a.address.address))
      .apply((ips) => Object.fromEntries(named.map((a, i) => [a.name, ips[i]])));
    this.previewDnsRecords = preview?.dnsRecords;
    this.registryUrls = Object.fromEntries(plan.registries.map((r) => [r.key, r.url]));
    this.nodePoolNames = pulumi.all(this.nodePools.map((p) => p.name));

    const deploy = plan.manifests !== undefined && args.deployWorkloads !== false;
    const deps = {
      // The shared preview Gateway names the address and the certificate map.
      addresses: [
        ...named.map((a) => a.address),
        ...(preview ? [preview.certificateMapEntry] : []),
      ],
    };
    if (deploy && plan.fleet === undefined) {
      this.workloads = createWorkloads(
        plan,
        this.kubeconfig,
        { ...deps, nodePools: this.nodePools },
        child,
      );
    }
    if (plan.fleet !== undefined && fleetNetwork !== undefined) {
      const features = createFleetFeatures(
        plan,
        Object.values(fleetClusters).map((c) => c.cluster),
        this.cluster,
        child,
      );
      const clusters: Record<string, FleetClusterResult> = {};
      for (const [key, c] of Object.entries(fleetClusters)) {
        const workloads =
          args.deployWorkloads !== false && c.plan.manifests !== undefined
            ? createWorkloads(
                clusterView(plan, c.plan),
                c.kubeconfig,
                {
                  ...deps,
                  nodePools: c.nodePools,
                  fleet: [features.multiClusterServices, features.multiClusterGateway],
                },
                child,
              )
            : undefined;
        clusters[key] = { ...c, workloads };
      }
      this.workloads = clusters[plan.fleet.config.name].workloads;
      const created = Object.values(clusters);
      this.fleet = { network: fleetNetwork, clusters, features };
      this.clusters = pulumi.secret(
        pulumi
          .all(
            created.map((c) =>
              pulumi.all([c.cluster.name, c.cluster.location, c.cluster.endpoint, c.kubeconfig]),
            ),
          )
          .apply((outputs) =>
            Object.fromEntries(
              created.map((c, i): [string, ClusterOutputs] => {
                const [name, location, endpoint, kubeconfig] = outputs[i];
                return [c.plan.name, { name, location: location ?? '', endpoint, kubeconfig }];
              }),
            ),
          ),
      );
    }
    const edge = this.workloads?.layers.edge?.group;
    this.monitoring = createMonitoring(plan, monitoring, this.secrets, edge ? [edge] : [], child);
    if (delivery) this.delivery = createDelivery(plan, delivery, this.cluster, child);

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      dnsEndpoint: this.dnsEndpoint,
      kubeconfig: this.kubeconfig,
      addresses: this.addressesByName,
      previewDnsRecords: this.previewDnsRecords,
      registryUrls: this.registryUrls,
      nodePoolNames: this.nodePoolNames,
      ...(this.clusters ? { clusters: this.clusters } : {}),
    });
  }
}
