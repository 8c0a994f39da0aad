import { workloadSource } from '../lib';
import { GkePlatform } from '../lib/infra';
import { stackArgs } from './infra-config';
import { defineShop } from './main';
import { platform } from './platform';

/**
 * The Pulumi program of this repository (Pulumi.yaml's main, run as built JavaScript): one
 * environment of the example platform, chosen and tuned by the stack's configuration
 * (Pulumi.<stack>.yaml, read by the package's stackArgs). GkePlatform itself takes
 * arguments only. The stack synthesizes the workloads itself, from the function
 * that `npm run synth` passes to synthesizePlatform, so it never reads a stale dist/.
 */
const args = stackArgs(platform, workloadSource(platform, defineShop));
const gke = new GkePlatform(`${platform.name}-${args.environment}`, args);

export const clusterName = gke.clusterName;
export const endpoint = gke.endpoint;
export const dnsEndpoint = gke.dnsEndpoint;
export const kubeconfig = gke.kubeconfig;
export const addresses = gke.addressesByName;
export const previewDnsRecords = gke.previewDnsRecords;
export const registries = gke.registryUrls;
export const nodePools = gke.nodePoolNames;
export const namespace = gke.plan.namespace;
