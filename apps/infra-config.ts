import { resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type {
  AuthorizedNetwork,
  GkePlatformArgs,
  NodePoolSize,
  ReleaseChannel,
} from '../lib/infra';
import type { Platform } from '../lib';

/**
 * Reads the stack's configuration (Pulumi.<stack>.yaml) into {@link GkePlatformArgs}, with
 * Pulumi's typed getters: a missing required key or a value of the wrong type or outside the
 * allowed values fails here, naming the key; GkePlatform checks the rest.
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
export function stackArgs(platform: Platform): GkePlatformArgs {
  const config = new pulumi.Config();
  const gcp = new pulumi.Config('gcp');
  const environment = config.require('environment', {
    allowedValues: [...platform.environmentNames],
  });
  const deployWorkloads = config.getBoolean('deployWorkloads') ?? false;
  return {
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
  };
}
