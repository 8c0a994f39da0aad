import { resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { Platform } from '../platform/platform';
import type { WorkloadSource } from '../platform/workload-source';
import type {
  AuthorizedNetwork,
  BinaryAuthorizationArgs,
  FlowLogsArgs,
  GkePlatformArgs,
  NodePoolSize,
  ReleaseChannel,
  SecretsEncryptionArgs,
  SecurityPostureArgs,
} from './args';

/**
 * The configuration namespace {@link stackArgs} reads: `gke-platform:<key>` in any Pulumi
 * project, whatever its `name` in Pulumi.yaml (a namespace is any string; Pulumi's own
 * default would be the project's name).
 */
export const STACK_CONFIG_NAMESPACE = 'gke-platform';

/**
 * Reads the stack's configuration (Pulumi.<stack>.yaml) into {@link GkePlatformArgs}, with
 * Pulumi's typed getters: a missing required key or a value of the wrong type or outside the
 * allowed values fails here, naming the key; GkePlatform checks the rest.
 *
 * Keys (namespace `gke-platform`, {@link STACK_CONFIG_NAMESPACE}, in any project; plus the GCP
 * provider's `gcp:*`):
 * - `gcp:project` (optional: the platform's project for the environment), `gcp:region`
 *   (required for an environment of one cluster; optional for one of several, whose clusters
 *   each have their region in the platform: it stays the GCP provider's default);
 * - `environment` (required): one of the platform's environments;
 * - `masterAuthorizedNetworks` (required): [{ cidrBlock, displayName }], [] for none;
 * - `zone`: a zone of the region for a zonal cluster (one cluster only);
 * - `nodePoolSizes`: { <pool>: { minNodes, maxNodes } } overrides (one cluster only: a fleet
 *   sizes its pools per cluster in the platform, `clusters.<name>.nodePools`);
 * - `releaseChannel`, `production`, `deletionProtection`;
 * - hardening (each defaults to its secure setting in production, see GkePlatformArgs):
 *   `privateEndpoint`, `dnsEndpoint`, `intranodeVisibility` (booleans),
 *   `binaryAuthorization` { enforce, projectPolicy, allowedImages, enforcementMode },
 *   `secretsEncryption` { enabled, rotationDays }, `flowLogs` { enabled,
 *   aggregationInterval, flowSampling, metadata }, `securityPosture` { mode,
 *   vulnerabilityMode }, `rbacSecurityGroup`, `projectNumber`;
 * - `deployWorkloads` (default false): also apply the workloads to the cluster;
 * - `manifestsDir`: a folder synthesized before, read instead of `workloads` (the definition,
 *   synthesized in-process, which the stack otherwise reads: checked against the platform,
 *   and the hosts and routes of the uptime checks).
 * @param platform - the platform definition
 * @param workloads - the workloads' definition (`workloadSource(platform, define)`); without
 *   it (and without `manifestsDir`) the stack knows no workloads
 */
export function stackArgs<E extends string>(
  platform: Platform<E>,
  workloads?: WorkloadSource<E>,
): GkePlatformArgs {
  const config = new pulumi.Config(STACK_CONFIG_NAMESPACE);
  const gcp = new pulumi.Config('gcp');
  const environment = config.require('environment', {
    allowedValues: [...platform.environmentNames],
  });
  const deployWorkloads = config.getBoolean('deployWorkloads') ?? false;
  const manifestsDir = config.get('manifestsDir');
  return {
    platform,
    environment,
    project: gcp.get('project'),
    region:
      platform.environment(environment).fleet === undefined
        ? gcp.require('region')
        : gcp.get('region'),
    zone: config.get('zone'),
    masterAuthorizedNetworks: config.requireObject<AuthorizedNetwork[]>('masterAuthorizedNetworks'),
    nodePoolSizes: config.getObject<Record<string, NodePoolSize>>('nodePoolSizes'),
    releaseChannel: config.get<ReleaseChannel>('releaseChannel', {
      allowedValues: ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'],
    }),
    production: config.getBoolean('production'),
    deletionProtection: config.getBoolean('deletionProtection'),
    privateEndpoint: config.getBoolean('privateEndpoint'),
    dnsEndpoint: config.getBoolean('dnsEndpoint'),
    binaryAuthorization: config.getObject<BinaryAuthorizationArgs>('binaryAuthorization'),
    secretsEncryption: config.getObject<SecretsEncryptionArgs>('secretsEncryption'),
    flowLogs: config.getObject<FlowLogsArgs>('flowLogs'),
    intranodeVisibility: config.getBoolean('intranodeVisibility'),
    securityPosture: config.getObject<SecurityPostureArgs>('securityPosture'),
    rbacSecurityGroup: config.get('rbacSecurityGroup'),
    projectNumber: config.get('projectNumber'),
    // The workloads are always read (checked, and the uptime checks' hosts and routes): the
    // definition itself, or a folder when one is configured; applied only with deployWorkloads.
    ...(manifestsDir === undefined ? { workloads } : { manifestsDir: resolve(manifestsDir) }),
    deployWorkloads,
  };
}
