import { resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import {
  type AuthorizedNetwork,
  GkePlatform,
  type NodePoolSize,
  type ReleaseChannel,
} from '../lib/infra';
import { platform } from './platform';

/**
 * The Pulumi program of this repository (Pulumi.yaml's main, run as built JavaScript):
 * one environment of the example platform, chosen and tuned by the stack's configuration
 * (Pulumi.<stack>.yaml). Only this file reads configuration; lib/infra takes arguments.
 *
 * Keys (project namespace `gke-platform`, plus the GCP provider's `gcp:*`):
 * - `gcp:project` (optional: the platform's project for the environment), `gcp:region`;
 * - `environment` (required): one of the platform's environments;
 * - `masterAuthorizedNetworks` (required): [{ cidrBlock, displayName }], [] for none;
 * - `zone`: a zone of the region for a zonal cluster;
 * - `nodePoolSizes`: { <pool>: { minNodes, maxNodes } } overrides;
 * - `releaseChannel`, `production`, `deletionProtection`;
 * - `deployWorkloads` (default false): also apply `manifestsDir` (default `dist/<environment>`).
 */
const config = new pulumi.Config();
const gcp = new pulumi.Config('gcp');

const environment = config.require('environment', {
  allowedValues: [...platform.environmentNames],
});
const deployWorkloads = config.getBoolean('deployWorkloads') ?? false;

const gke = new GkePlatform(`${platform.name}-${environment}`, {
  platform,
  environment,
  project: gcp.get('project'),
  region: gcp.require('region'),
  zone: config.get('zone'),
  masterAuthorizedNetworks: config.requireObject<AuthorizedNetwork[]>('masterAuthorizedNetworks'),
  nodePoolSizes: config.getObject<Record<string, NodePoolSize>>('nodePoolSizes'),
  releaseChannel: config.get<ReleaseChannel>('releaseChannel', {
    allowedValues: ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'],
  }),
  production: config.getBoolean('production'),
  deletionProtection: config.getBoolean('deletionProtection'),
  manifestsDir: deployWorkloads
    ? resolve(config.get('manifestsDir') ?? `dist/${environment}`)
    : undefined,
});

export const clusterName = gke.clusterName;
export const endpoint = gke.endpoint;
export const kubeconfig = gke.kubeconfig;
export const addresses = gke.addressesByName;
export const registryUrl = gke.registryUrl;
export const nodePools = gke.nodePoolNames;
export const namespace = gke.plan.namespace;
