import * as container from '@pulumi/gcp/container';
import type * as pulumi from '@pulumi/pulumi';
import type { NetworkResult } from './network';
import { POD_RANGE_NAME, SERVICE_RANGE_NAME } from './network';
import type { GkePlatformPlan } from './plan';
import { SECRET_MANAGER_CONFIG, SECRET_SYNC_CONFIG } from './secrets';

/** The OAuth scope of nodes whose service account's IAM roles decide what they may do. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The GKE Standard cluster, hardened as Google recommends: private nodes behind master
 * authorized networks, Workload Identity, shielded nodes, Dataplane V2, a release channel and
 * a maintenance window, and none of legacy ABAC, basic auth or client certificates; and, as
 * the stack's hardening options say, a private endpoint with the DNS-based endpoint, Binary
 * Authorization, Secrets encrypted with `secretsKey`, intranode visibility, the security
 * posture dashboard and Google Groups for RBAC. Its default node pool is removed: every pool
 * is a {@link createNodePools} resource.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster
 */
export function createCluster(
  plan: GkePlatformPlan,
  network: Pick<NetworkResult, 'network' | 'subnetwork'>,
  nodeServiceAccountEmail: pulumi.Input<string>,
  secretsKey: pulumi.Input<string> | undefined,
  secretSync: boolean,
  opts: pulumi.CustomResourceOptions,
): container.Cluster {
  const h = plan.hardening;
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
      // Nodes get internal IPs only (CIS 5.6.5). With a private endpoint the control plane has
      // no public IP (CIS 5.6.4); else its public endpoint is reachable from the authorized
      // networks only (CIS 5.6.3).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: h.privateEndpoint },
      // The DNS-based endpoint checks IAM (container.clusters.connect) before RBAC; with
      // allowExternalTraffic it is how operators and CI reach a private endpoint's cluster.
      // https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
      controlPlaneEndpointsConfig: {
        dnsEndpointConfig: { allowExternalTraffic: h.dnsEndpoint },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: plan.masterAuthorizedNetworks.map((n) => ({ ...n })),
        gcpPublicCidrsAccessEnabled: false,
      },
      // https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
      enableShieldedNodes: true,
      // Dataplane V2 (eBPF) enforces NetworkPolicy itself: no separate network policy add-on.
      // https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2
      datapathProvider: 'ADVANCED_DATAPATH',
      // Pod-to-Pod traffic on one node crosses the VPC, so flow logs see it (CIS 5.6.1).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility
      enableIntranodeVisibility: h.intranodeVisibility,
      // CIS 5.8.3.
      enableLegacyAbac: false,
      // Basic auth is gone from the GKE API; client certificates are off, as recommended.
      // https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication
      // CIS 5.8.1.
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      // Google Groups for RBAC (CIS 5.8.2).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac
      ...(h.rbacSecurityGroup
        ? { authenticatorGroupsConfig: { securityGroup: h.rbacSecurityGroup } }
        : {}),
      // Binary Authorization evaluates the project's policy on every Pod (CIS 5.1.4, 5.10.4).
      // https://cloud.google.com/binary-authorization/docs/setting-up
      binaryAuthorization: { evaluationMode: h.binaryAuthorization.evaluationMode },
      // Application-layer Secrets encryption with the stack's Cloud KMS key (CIS 5.3.1).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
      ...(secretsKey !== undefined
        ? { databaseEncryption: { state: 'ENCRYPTED', keyName: secretsKey } }
        : {}),
      // Workload configuration audit and vulnerability scanning (CIS 5.10.5, 5.1.1).
      // https://cloud.google.com/kubernetes-engine/docs/concepts/about-security-posture-dashboard
      securityPostureConfig: { ...h.securityPosture },
      // The Gateway API's standard channel: GKE installs its CRDs and GatewayClasses, so a
      // WebEntrypoint with `frontDoor: 'gateway'` has a controller (it needs the
      // HttpLoadBalancing add-on below, and internal classes the proxy-only subnet).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#enable-gateway
      gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
      },
      // The Secret Manager add-on (its CSI driver secrets-store-gke.csi.k8s.io) mounts declared
      // secrets into pods; with rotation on, mounted files follow new versions every 2 minutes.
      // https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
      secretManagerConfig: SECRET_MANAGER_CONFIG,
      // Where the environment declares secrets, GKE's secret synchronization (GKE 1.34 or
      // later) fills the Kubernetes Secrets that `secretEnv: { X: { secretManager } }` reads,
      // refreshed every 2 minutes; without secrets it stays off, as GKE has it.
      // https://cloud.google.com/secret-manager/docs/sync-k8-secrets
      ...(secretSync ? { secretSyncConfig: SECRET_SYNC_CONFIG } : {}),
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      monitoringConfig: {
        enableComponents: ['SYSTEM_COMPONENTS'],
        managedPrometheus: { enabled: true },
      },
      // https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
      maintenancePolicy: { recurringWindow: { ...plan.maintenanceWindow } },
      deletionProtection: plan.deletionProtection,
      resourceLabels: { ...plan.labels },
      // A cluster of a fleet registers itself in the project's fleet when it is created, as
      // Google recommends for GKE clusters; its membership is named after the cluster.
      // https://cloud.google.com/kubernetes-engine/fleet-management/docs/register/gke
      ...(plan.fleet ? { fleet: { project: plan.project } } : {}),
    },
    opts,
  );
}
