/**
 * gke-platform: one typed definition of a GKE platform and its workloads.
 * The Pulumi side is a separate entry point, `gke-platform/infra`, so that synthesizing
 * manifests never loads Pulumi.
 */
export * from './gke';
export * from './output';
export * from './platform';
export * from './validate';
export * from './workloads';
