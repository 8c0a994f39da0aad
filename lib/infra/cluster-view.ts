import type { ClusterPlan, GkePlatformPlan } from './plan';

/**
 * The plan of one cluster of a fleet as the one-cluster functions read it (createCluster,
 * createNodePools, createSecretsEncryption, createWorkloads): the environment's plan with
 * this cluster's name, location, ranges, pools and manifests, and its Secrets key in its own
 * region ("the key must be in the same location as the cluster").
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
 */
export function clusterView(plan: GkePlatformPlan, cluster: ClusterPlan): GkePlatformPlan {
  const secrets = plan.hardening.secretsEncryption;
  return {
    ...plan,
    clusterName: cluster.clusterName,
    region: cluster.region,
    location: cluster.location,
    ipRanges: { ...plan.ipRanges, ...cluster.ipRanges },
    nodePools: cluster.nodePools,
    manifests: cluster.manifests,
    hardening: {
      ...plan.hardening,
      secretsEncryption: secrets && {
        ...secrets,
        location: cluster.region,
        keyRing: cluster.clusterName,
        key: `${cluster.clusterName}-secrets`,
      },
    },
  };
}
