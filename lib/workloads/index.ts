export * from './network/connections';
export * from './pod/container';
export * from './cron-task';
export * from './daemon-agent';
export * from './network/egress';
export * from './chart/environment-chart';
export * from './external-service';
export { type BackendRoute } from './front-door/backend-route';
export {
  FRONT_DOOR_KINDS,
  type FrontDoor,
  type FrontDoorKind,
  type FrontDoorSettings,
  type ResolvedBackend,
  type ResolvedRoute,
  type FrontDoorRoute,
  type FrontDoorRoutes,
} from './front-door/front-door';
export * from './front-door/gateway-front-door';
export {
  IngressFrontDoor,
  type IngressFrontDoorSettings,
  PRE_SHARED_CERT_ANNOTATION,
} from './front-door/ingress-front-door';
export { type BuiltBackend, type LoadBalancerBackend } from './front-door/load-balancer-backend';
export { type HealthCheckedService, type ReadinessCheck } from './front-door/load-balancer-health';
export * from './pod/image';
export * from './job';
export * from './chart/kube';
export * from './chart/labels';
export * from './network/load-balancer-service';
export * from './pod/metrics';
export * from './network/network-policies';
export * from './network/network-ranges';
export * from './pod/placement';
export * from './pod/probes';
export * from './pod/quantity';
export * from './replicated-workload';
export * from './front-door/route-options';
export * from './batch/schedule';
export * from './stateful-service';
export { type DiskClass, type ReclaimPolicy, StorageClasses } from './storage/storage-classes';
export { SNAPSHOT_OF_LABEL, type SnapshotSchedule, VolumeSnapshots } from './volume-snapshots';
export * from './web-entrypoint';
export * from './web-service';
export * from './worker';
export * from './workload';
