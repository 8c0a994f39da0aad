import * as container from '@pulumi/gcp/container';
import type * as pulumi from '@pulumi/pulumi';
import { gkeTaintEffect, type NodePool } from '../platform/node-pool';
import { CLOUD_PLATFORM_SCOPE } from './cluster';
import type { GkePlatformPlan } from './plan';

/**
 * The node config of one pool: Container-Optimized OS with containerd, the node service
 * account, shielded VMs with secure boot, the GKE metadata server (Workload Identity), Spot
 * or preemptible capacity, GPUs with GKE-installed drivers, and the labels and taints the
 * platform declares (GPU pools include `nvidia.com/gpu=present:NoSchedule`).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/node-images
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
 */
export function nodeConfig(
  pool: NodePool,
  nodeServiceAccountEmail: pulumi.Input<string>,
  labels: Readonly<Record<string, string>>,
): container.NodePoolArgs['nodeConfig'] {
  return {
    machineType: pool.machineType,
    imageType: 'COS_CONTAINERD',
    diskSizeGb: pool.diskSizeGb,
    diskType: pool.diskType,
    serviceAccount: nodeServiceAccountEmail,
    oauthScopes: [CLOUD_PLATFORM_SCOPE],
    // Spot VMs replace preemptible VMs (no 24-hour limit); both stay possible.
    spot: pool.capacity === 'spot',
    preemptible: pool.capacity === 'preemptible',
    labels: { ...pool.labels },
    taints: pool.taints.map((t) => ({
      key: t.key,
      value: t.value ?? '',
      effect: gkeTaintEffect(t.effect),
    })),
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: 'GKE_METADATA' },
    metadata: { 'disable-legacy-endpoints': 'true' },
    resourceLabels: { ...labels, 'node-pool': pool.name },
    guestAccelerators: pool.gpu
      ? [
          {
            type: pool.gpu.type,
            count: pool.gpu.count,
            gpuDriverInstallationConfig: { gpuDriverVersion: pool.gpu.driverVersion },
          },
        ]
      : [],
  };
}

/**
 * One GKE node pool per pool the platform declares for the environment, named as declared
 * (GKE's `cloud.google.com/gke-nodepool` label, which the workloads select on), in its
 * declared zones if any, autoscaled within the declared bounds per zone, auto-repaired and
 * auto-upgraded with surge upgrades.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies
 */
export function createNodePools(
  plan: GkePlatformPlan,
  cluster: container.Cluster,
  nodeServiceAccountEmail: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): container.NodePool[] {
  return plan.nodePools.map(
    (pool) =>
      new container.NodePool(
        `${plan.clusterName}-${pool.name}`,
        {
          name: pool.name,
          project: plan.project,
          location: plan.location,
          // A GPU exists only in some zones of a region: GPU pools run in their declared zones.
          // https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
          nodeLocations: pool.zones === undefined ? undefined : [...pool.zones],
          cluster: cluster.name,
          initialNodeCount: pool.minNodes,
          autoscaling: {
            minNodeCount: pool.minNodes,
            maxNodeCount: pool.maxNodes,
            // ANY lets the autoscaler take Spot capacity wherever a zone has it.
            // https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy
            locationPolicy: pool.capacity === 'standard' ? 'BALANCED' : 'ANY',
          },
          management: { autoRepair: true, autoUpgrade: true },
          upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
          nodeConfig: nodeConfig(pool, nodeServiceAccountEmail, plan.labels),
        },
        // The initial count only matters at creation (the autoscaler owns the size after);
        // a new minNodes must not replace the pool.
        { ...opts, ignoreChanges: ['initialNodeCount'] },
      ),
  );
}
