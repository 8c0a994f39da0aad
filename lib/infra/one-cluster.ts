import type * as binaryauthorization from '@pulumi/gcp/binaryauthorization';
import type * as container from '@pulumi/gcp/container';
import type * as pulumi from '@pulumi/pulumi';
import { createCluster } from './cluster';
import { createKubeconfig } from './kubeconfig';
import type { NetworkResult } from './network';
import { createNodePools } from './node-pools';
import type { NodeServiceAccountResult } from './node-service-account';
import type { GkePlatformPlan } from './plan';
import type { RegistryReaderResult } from './registry';
import { createSecretsEncryption, type SecretsEncryptionResult } from './secrets-encryption';

/** What one cluster of a stack is made of. */
export interface OneClusterResult {
  /** The Cloud KMS key ring and key of the cluster's Secrets, when `secretsEncryption` is on. */
  readonly secretsEncryption?: SecretsEncryptionResult;
  /** The GKE cluster: private nodes, hardened, without a default node pool. */
  readonly cluster: container.Cluster;
  /** Its node pools, in the platform's declaration order. */
  readonly nodePools: readonly container.NodePool[];
  /** A kubeconfig that authenticates with `gke-gcloud-auth-plugin`. Secret. */
  readonly kubeconfig: pulumi.Output<string>;
}

/** What a cluster needs that the environment shares. */
export interface OneClusterDependencies {
  /** The cluster's network: its VPC, subnetwork and its region's NAT. */
  readonly network: NetworkResult;
  readonly nodeServiceAccount: NodeServiceAccountResult;
  readonly registryReaders: readonly RegistryReaderResult[];
  readonly binaryAuthorizationPolicy?: binaryauthorization.Policy;
  /** Whether the environment declares secrets (GKE's secret synchronization on). */
  readonly secretSync: boolean;
}

/**
 * One hardened GKE cluster of `plan` (an environment's, or one cluster's of a fleet, see
 * clusterView): its Secrets key, the cluster, its node pools and its kubeconfig.
 */
export function createOneCluster(
  plan: GkePlatformPlan,
  deps: OneClusterDependencies,
  opts: pulumi.CustomResourceOptions,
): OneClusterResult {
  const nodeEmail = deps.nodeServiceAccount.account.email;
  const secretsEncryption = createSecretsEncryption(plan, opts);
  const cluster = createCluster(
    plan,
    deps.network,
    nodeEmail,
    secretsEncryption?.key.id,
    deps.secretSync,
    {
      ...opts,
      // GKE must be able to use the Secrets key when it creates the cluster.
      dependsOn: [
        ...deps.nodeServiceAccount.roles,
        deps.network.nat,
        ...(secretsEncryption ? [secretsEncryption.serviceAgentAccess] : []),
        ...(deps.binaryAuthorizationPolicy ? [deps.binaryAuthorizationPolicy] : []),
      ],
      // nodeConfig describes the removed default pool only: never replace the cluster for it.
      ignoreChanges: ['nodeConfig'],
    },
  );
  // Nodes pull images as soon as they run pods: their read access comes first.
  const nodePools = createNodePools(plan, cluster, nodeEmail, {
    ...opts,
    dependsOn: deps.registryReaders.map((r) => r.reader),
  });
  const kubeconfig = createKubeconfig(
    cluster,
    `gke_${plan.project}_${plan.location}_${plan.clusterName}`,
    plan.hardening.privateEndpoint && plan.hardening.dnsEndpoint,
  );
  return { secretsEncryption, cluster, nodePools, kubeconfig };
}
