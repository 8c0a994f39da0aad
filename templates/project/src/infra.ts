import { workloadSource } from 'gke-platform';
import { GkePlatform, stackArgs } from 'gke-platform/infra';
import { defineWorkloads } from './main';
import { platform } from './platform';

/**
 * The Pulumi program (Pulumi.yaml's main, run as built JavaScript): the cluster of one
 * environment, chosen and tuned by the stack's configuration (Pulumi.<environment>.yaml,
 * keys `gke-platform:*`). The stack synthesizes the workloads itself to check them against
 * the cluster; `gke-platform:deployWorkloads: true` also applies them.
 */
const args = stackArgs(platform, workloadSource(platform, defineWorkloads));
const gke = new GkePlatform(`${platform.name}-${args.environment}`, args);

export const clusterName = gke.clusterName;
export const kubeconfig = gke.kubeconfig;
export const addresses = gke.addressesByName;
export const namespace = gke.plan.namespace;
