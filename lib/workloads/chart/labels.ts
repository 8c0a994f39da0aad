/** The label that names the environment on every object. */
export const ENVIRONMENT_LABEL = 'environment';

/** What the standard labels of one workload are made from. */
export interface LabelSource {
  readonly name: string;
  readonly environment: string;
  readonly partOf: string;
  readonly component: string;
  readonly version?: string;
}

/**
 * The labels that select a workload's pods: only what never changes between releases
 * (never the version), so selectors, which are immutable, stay as they are. The instance is
 * the object name, which is unique in the environment's namespace (and what Polaris's
 * `metadataAndInstanceMismatched` expects).
 */
export function selectorLabels(source: LabelSource): Record<string, string> {
  return {
    'app.kubernetes.io/name': source.name,
    'app.kubernetes.io/instance': source.name,
  };
}

/**
 * The recommended `app.kubernetes.io/*` labels plus the environment.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export function standardLabels(source: LabelSource): Record<string, string> {
  return {
    ...selectorLabels(source),
    ...(source.version ? { 'app.kubernetes.io/version': source.version } : {}),
    'app.kubernetes.io/component': source.component,
    'app.kubernetes.io/part-of': source.partOf,
    'app.kubernetes.io/managed-by': 'gke-platform',
    [ENVIRONMENT_LABEL]: source.environment,
  };
}

/** The annotation on the Namespace of an environment that opted out of NetworkPolicies. */
export const NETWORK_POLICIES_ANNOTATION = 'gke-platform/network-policies';
