/**
 * gke-platform/infra: the Pulumi side. `GkePlatform` creates an environment's GKE cluster and
 * everything around it from the same platform definition the workloads read.
 *
 * This entry point lists by name the component, its arguments and the results it exposes;
 * the `create*`/`plan*` functions it is made of are internal. `api/gke-platform-infra.api.md`
 * is the reviewed record of this surface.
 * @packageDocumentation
 */
export type { AddressResult } from './addresses';
export type {
  AuthorizedNetwork,
  BinaryAuthorizationArgs,
  CertificatePem,
  FlowLogsArgs,
  FlowLogsInterval,
  GkePlatformArgs,
  HardeningArgs,
  IpRanges,
  MaintenanceWindow,
  NodePoolSize,
  ReleaseChannel,
  SecretsEncryptionArgs,
  SecurityPostureArgs,
} from './args';
export type { DeliveryArgs, DeliveryCluster } from './delivery-args';
export type { DeliveryResult } from './delivery-pipeline';
export type { CertificateResult, SecurityPolicyResult } from './edge';
export type { FleetFeaturesResult } from './fleet-features';
export type { FleetNetworkResult } from './fleet-network';
export {
  type ClusterOutputs,
  type FleetClusterResult,
  type FleetResult,
  GKE_PLATFORM_TYPE,
  GkePlatform,
} from './gke-platform';
export type { HardeningPlan } from './hardening';
export type { MonitoringPlan, MonitoringResult, UptimeCheckResult } from './monitoring';
export type { NetworkResult } from './network';
export type { NodeServiceAccountResult } from './node-service-account';
export type { OneClusterResult } from './one-cluster';
export type { ClusterPlan, FleetPlan, GkePlatformPlan } from './plan';
export type { PreviewDnsRecord, PreviewGatewayResult } from './preview-gateway';
export type { PreviewIdentitiesResult, PreviewIdentityResult } from './preview-identities';
export type { RegistryReaderResult } from './registry';
export type { SecretsEncryptionResult } from './secrets-encryption';
export type { SecretResult } from './secrets';
export { STACK_CONFIG_NAMESPACE, stackArgs } from './stack-config';
export { SKAFFOLD_API_VERSION, skaffoldConfig, type SkaffoldConfigOptions } from './skaffold';
export type { UptimeTarget } from './uptime-targets';
export type { WorkloadIdentityResult } from './workload-identities';
export type { WorkloadLayer, WorkloadsResult } from './workloads';
export type { Manifest, ManifestLayer, ManifestObject, ManifestSource } from './manifests';
export type { WorkloadSource } from '../platform/workload-source';
export type { Previews, PreviewSizeSpec } from '../platform/previews';
