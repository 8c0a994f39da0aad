/**
 * gke-platform: one typed definition of a GKE platform and its workloads.
 *
 * This entry point lists by name what a user writes: the platform definition, the workload
 * constructs and their props, synthesis and output, the checks, and the GKE resources the
 * constructs emit (for escape hatches). Everything else is internal and may change in any
 * release; `api/gke-platform.api.md` is the reviewed record of this surface.
 *
 * The Pulumi side is a separate entry point, `gke-platform/infra`, so that synthesizing
 * manifests never loads Pulumi.
 * @packageDocumentation
 */

// Errors and per-environment values
export { PlatformError } from './core/errors';
export type { PlatformWarning } from './core/warnings';
export type { PerEnv, PerEnvMap } from './core/per-env';

// The platform definition
export type { Certificate, CertificateSpec } from './platform/certificate';
export { GPU_DRIVER_VERSIONS, type GpuDriverVersion, type GpuType } from './platform/gpu';
export type { MachineCapacity, MachineShape } from './platform/machine-capacity';
export type { BootDiskType } from './platform/machine-family';
export type {
  Monitoring,
  MonitoringSpec,
  NotifySpec,
  PagerDutySpec,
  SlackChannelSpec,
} from './platform/monitoring';
export {
  CAPACITIES,
  type Capacity,
  type GpuSpec,
  type NodePool,
  type NodePoolSpec,
  type Taint,
  type TaintEffect,
} from './platform/node-pool';
export type {
  ClusterIpRanges,
  ClusterPoolSize,
  ClusterSpec,
  Fleet,
  FleetCluster,
} from './platform/fleet';
export {
  definePlatform,
  type Environment,
  type EnvironmentSpec,
  type EnvOf,
  type ImagePolicySpec,
  Platform,
  type PlatformSpec,
  type WorkloadIdentity,
  type WorkloadIdentitySpec,
} from './platform/platform';
export {
  checkPreviewName,
  PREVIEW_NAME_MAX_LENGTH,
  type Previews,
  type PreviewSizeSpec,
  type PreviewsSpec,
} from './platform/previews';
export type { Registry, RegistrySpec } from './platform/registry';
export type {
  DeclaredSecret,
  SecretManagerSecret,
  SecretManagerSecretSpec,
  SecretSpec,
} from './platform/secret';
export {
  PRECONFIGURED_WAF_RULES,
  type PreconfiguredWafRule,
  type RateLimitSpec,
  type SecurityPolicy,
  type SecurityPolicySpec,
} from './platform/security-policy';
export type { StaticIp, StaticIpSpec } from './platform/static-ip';

// Workloads
export {
  EnvironmentChart,
  type EnvironmentChartProps,
  type Scope,
} from './workloads/chart/environment-chart';
export { k8s } from './workloads/chart/kube';
export { ChartPreview, type PreviewTarget } from './workloads/chart/preview';
export type {
  RecordedImage,
  RecordedSetting,
  RecordLine,
  ReleaseRecords,
} from './workloads/chart/release-records';
export type { ImageRepository } from './workloads/pod/image';
export { CronTask, type CronTaskProps } from './workloads/cron-task';
export { Schedule, type Weekday } from './workloads/batch/schedule';
export { PreviewPruner, type PreviewPrunerProps } from './workloads/preview-pruner';
export {
  type AgentPolicyRule,
  DaemonAgent,
  type DaemonAgentProps,
  type HostPathMount,
} from './workloads/daemon-agent';
export { ExternalService, type ExternalServiceProps } from './workloads/external-service';
export {
  type CompletionMode,
  type ConcurrencyPolicy,
  type JobProps,
  OneOffJob,
  type OneOffJobProps,
  type RestartPolicy,
} from './workloads/job';
export type {
  CheckedConnection,
  Connection,
  ConnectionEgress,
  ConnectionTarget,
  PortConnection,
  ServicePort,
} from './workloads/network/connections';
export type { BalancedMember, PolicyMember } from './workloads/network/policy-member';
export {
  type ForeignPods,
  ForeignWorkloadPolicy,
  type ForeignWorkloadPolicyProps,
} from './workloads/network/foreign-workload-policy';
export { foreignTarget, type ForeignTargetOptions } from './workloads/network/foreign-target';
export type { EgressRule } from './workloads/network/egress';
export type { LoadBalancerServiceSpec } from './workloads/network/load-balancer-service';
export type {
  ClaimMount,
  ConfigMapKeyRef,
  ContainerSpec,
  NamedContainerSpec,
  NamedObject,
  RenderedContainer,
  ResourceSpec,
  SecretKeyRef,
  SecretManagerEnvRef,
  SecretProviderClassNeed,
  SharedMount,
} from './workloads/pod/container-spec';
export { PodContainer, type PodSpecField, PodTemplate } from './workloads/pod/pod-template';
export type { ContainerMount } from './workloads/pod/mount-layout';
export type { ZoneSpread, ZoneSpreadSpec } from './workloads/pod/zone-spread';
export type { MetricsSpec } from './workloads/pod/metrics';
export type {
  AutoscalingMetric,
  CustomMetricIdentity,
  ExternalMetric,
  ObjectMetric,
  PodsMetric,
} from './workloads/pod/autoscaling-metrics';
export type { PlacementSpec, RenderedPlacement } from './workloads/pod/placement';
export type {
  ClusterChoice,
  ClusterList,
  ClusterPlacement,
  ClusterPlacementRules,
  ClusterReplicas,
} from './workloads/pod/cluster-placement';
export type { ClusterPresence } from './workloads/chart/cluster-presence';
export type {
  HealthCheck,
  LivenessCheck,
  ProbeTiming,
  RenderedProbes,
} from './workloads/pod/probes';
export {
  type AutoscalingSpec,
  type DisruptionBudgetSpec,
  ReplicatedWorkload,
  type ReplicatedWorkloadProps,
} from './workloads/replicated-workload';
export {
  type PeerPort,
  StatefulService,
  type StatefulServiceProps,
  type VolumeSpec,
} from './workloads/stateful-service';
export type { DiskClass, ReclaimPolicy } from './workloads/storage/storage-classes';
export {
  type SnapshotSchedule,
  type SnapshotTarget,
  VolumeSnapshots,
} from './workloads/volume-snapshots';
export { type ServiceSpec, WebService, type WebServiceProps } from './workloads/web-service';
export {
  type CanaryBase,
  type CanarySpec,
  CanaryTrack,
  type ResolvedCanary,
  TRACK_LABEL,
} from './workloads/release-tracks';
export {
  type BlueGreenColour,
  type BlueGreenImage,
  type BlueGreenPair,
  type BlueGreenSpec,
} from './workloads/blue-green';
export { type ExecHealthCheck, Worker, type WorkerProps } from './workloads/worker';
export {
  type RenderedPod,
  type SharedVolumeSpec,
  Workload,
  type WorkloadKind,
  type WorkloadProps,
} from './workloads/workload';

// Front doors: WebEntrypoint and the load balancer options of its routes
export type {
  BackendOptions,
  BackendProtocol,
  CacheKeyOptions,
  CdnOptions,
  HealthCheckOptions,
  IapOptions,
  ResolvedBackendOptions,
  SessionAffinity,
} from './workloads/front-door/route-options';
export type { BackendRoute } from './workloads/front-door/backend-route';
export {
  FRONT_DOOR_KINDS,
  type FrontDoor,
  type FrontDoorKind,
  type FrontDoorRoute,
  type FrontDoorRoutes,
  type FrontDoorSettings,
  type ResolvedBackend,
  type ResolvedRoute,
} from './workloads/front-door/front-door';
export {
  type GatewayBackendOptions,
  GatewayFrontDoor,
  type GatewayFrontDoorOptions,
  type GatewayFrontDoorSettings,
} from './workloads/front-door/gateway-front-door';
export {
  IngressFrontDoor,
  type IngressFrontDoorSettings,
} from './workloads/front-door/ingress-front-door';
export type {
  BuiltBackend,
  LoadBalancerBackend,
  WeightedVersion,
} from './workloads/front-door/load-balancer-backend';
export type {
  HealthCheckedService,
  ReadinessCheck,
} from './workloads/front-door/load-balancer-health';
export type { RoutedService } from './workloads/front-door/routed-service';
export {
  type RouteOptions,
  WebEntrypoint,
  type WebEntrypointProps,
} from './workloads/web-entrypoint';

// Synthesis and output
export {
  type EnvironmentManifests,
  type SynthesizeOptions,
  synthesizeChart,
  synthesizePlatform,
} from './output/synthesize';
export { synthMain, type SynthMainOptions } from './output/synth-main';
export {
  KUSTOMIZATION_FILE,
  MANIFEST_FILE,
  toManifestFile,
  writeManifests,
} from './output/write-manifests';
export { workloadSource } from './output/workload-source';
export type { WorkloadSource } from './platform/workload-source';
export { toYaml } from './output/yaml';
export { gitopsManifests } from './gitops/gitops-manifests';
export type {
  GitOpsCluster,
  GitOpsEnvironment,
  GitOpsOptions,
  GitOpsPlatform,
  GitOpsTool,
} from './gitops/gitops-options';

// Checks: schemas, the API server's semantic rules, Polaris, secret material
export { KubeObject } from './k8s/kube-object';
export type { KubernetesObject } from './k8s/kubernetes-object';
export {
  formatFinding,
  type PolarisFinding,
  type PolarisOptions,
  polarisFindings,
} from './validate/polaris';
export { KUBERNETES_VERSIONS, type KubernetesVersion } from './validate/schema-files';
export { scanSecretMaterial } from './validate/secret-scan';
export type { SemanticProblem } from './validate/semantic/problem';
export { validateSemantics } from './validate/semantic/validate-semantics';
export {
  assertValid,
  ManifestValidationError,
  type ValidateOptions,
  type ValidationProblem,
  validateObject,
  validateObjects,
} from './validate/validate-object';

// The GKE resources the constructs emit, for escape hatches and hand-made objects
export {
  BackendConfig,
  type BackendConfigProps,
  type BackendConfigRefs,
  type BackendCdnPolicy,
  type BackendHealthCheck,
  type BackendSessionAffinity,
  type HealthCheckType,
} from './gke/backend-config';
export type { GkeObjectProps } from './gke/common';
export {
  FrontendConfig,
  type FrontendConfigProps,
  type HttpsRedirectResponseCode,
} from './gke/frontend-config';
export {
  Gateway,
  type GatewayClassName,
  type GatewayListener,
  type GatewayProps,
  type GatewayRouteNamespaces,
} from './gke/gateway';
export {
  GcpBackendPolicy,
  type GatewayIap,
  type GcpBackendPolicyProps,
} from './gke/gcp-backend-policy';
export { GcpGatewayPolicy, type GcpGatewayPolicyProps } from './gke/gcp-gateway-policy';
export { HealthCheckPolicy, type HealthCheckPolicyProps } from './gke/health-check-policy';
export {
  type HttpPathMatchType,
  HttpRoute,
  type HttpRouteBackend,
  type HttpRouteMatch,
  type HttpRouteProps,
  type HttpRouteRule,
} from './gke/http-route';
export { ManagedCertificate, type ManagedCertificateProps } from './gke/managed-certificate';
export {
  PodMonitoring,
  type PodMonitoringEndpoint,
  type PodMonitoringProps,
} from './gke/pod-monitoring';
export {
  type SecretManagerFile,
  SecretManagerProviderClass,
  type SecretManagerProviderClassProps,
} from './gke/secret-provider-class';
export {
  SecretManagerSync,
  type SecretManagerSyncProps,
  type SecretSyncData,
} from './gke/secret-sync';
export {
  PdVolumeSnapshotClass,
  type PdVolumeSnapshotClassProps,
} from './gke/volume-snapshot-class';

// The capacity plan per node pool
export { type CapacityFinding, planCapacity, type PoolCapacity } from './capacity/capacity-plan';
