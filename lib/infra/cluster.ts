import * as container from '@pulumi/gcp/container';
import type * as pulumi from '@pulumi/pulumi';
import type { NetworkResult } from './network';
import { POD_RANGE_NAME, SERVICE_RANGE_NAME } from './network';
import type { GkePlatformPlan } from './plan';
import { SECRET_MANAGER_CONFIG } from './secrets';

/** The OAuth scope of nodes whose service account's IAM roles decide what they may do. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The GKE Standard cluster, hardened as Google recommends: private nodes behind master
 * authorized networks, Workload Identity, shielded nodes, Dataplane V2, a release channel and
 * a maintenance window, and none of legacy ABAC, basic auth or client certificates. Its
 * default node pool is removed: every pool is a {@link createNodePools} resource.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster
 */
export function createCluster(
  plan: GkePlatformPlan,
  network: NetworkResult,
  nodeServiceAccountEmail: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): container.Cluster {
  return new container.Cluster(
    plan.clusterName,
    {
      name: plan.clusterName,
      project: plan.project,
      // A region makes a regional cluster (control plane and nodes in several zones).
      // https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters
      location: plan.location,
      network: network.network.id,
      subnetwork: network.subnetwork.id,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: POD_RANGE_NAME,
        servicesSecondaryRangeName: SERVICE_RANGE_NAME,
      },
      // The default pool is created (a cluster needs one) and deleted right away; it still
      // uses the node service account, never the Compute Engine default one.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: nodeServiceAccountEmail,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
      },
      releaseChannel: { channel: plan.releaseChannel },
      // https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
      workloadIdentityConfig: { workloadPool: `${plan.project}.svc.id.goog` },
      // Nodes get internal IPs only; the control plane keeps a public endpoint that only the
      // authorized networks reach.
      // https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: plan.masterAuthorizedNetworks.map((n) => ({ ...n })),
        gcpPublicCidrsAccessEnabled: false,
      },
      // https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
      enableShieldedNodes: true,
      // Dataplane V2 (eBPF) enforces NetworkPolicy itself: no separate network policy add-on.
      // https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2
      datapathProvider: 'ADVANCED_DATAPATH',
      enableLegacyAbac: false,
      // Basic auth is gone from the GKE API; client certificates are off, as recommended.
      // https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
      },
      // The Secret Manager add-on (its CSI driver secrets-store-gke.csi.k8s.io) mounts declared
      // secrets into pods; with rotation on, mounted files follow new versions every 2 minutes.
      // https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
      secretManagerConfig: SECRET_MANAGER_CONFIG,
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      monitoringConfig: {
        enableComponents: ['SYSTEM_COMPONENTS'],
        managedPrometheus: { enabled: true },
      },
      // https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
      maintenancePolicy: { recurringWindow: { ...plan.maintenanceWindow } },
      deletionProtection: plan.deletionProtection,
      resourceLabels: { ...plan.labels },
    },
    opts,
  );
}
