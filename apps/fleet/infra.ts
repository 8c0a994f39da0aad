import { workloadSource } from '../../lib';
import { GkePlatform, stackArgs } from '../../lib/infra';
import { defineFleetShop } from './main';
import { fleetPlatform } from './platform';

/**
 * The fleet example's Pulumi program (apps/fleet/Pulumi.yaml): one environment of the fleet
 * platform per stack. Its prod stack creates both clusters of prod, registers them in the
 * project's fleet with the multi-cluster Services and Gateway features, and can apply each
 * cluster's objects to it.
 */
const args = stackArgs(fleetPlatform, workloadSource(fleetPlatform, defineFleetShop));
const gke = new GkePlatform(`${fleetPlatform.name}-${args.environment}`, args);

export const clusterName = gke.clusterName;
export const clusters = gke.clusters;
export const kubeconfig = gke.kubeconfig;
export const addresses = gke.addressesByName;
export const nodePools = gke.nodePoolNames;
export const namespace = gke.plan.namespace;
