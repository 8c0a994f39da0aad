/**
 * A Google Cloud Deploy delivery pipeline that promotes releases through the platform's
 * environments, one serial stage and one GKE target per environment, with approvals where
 * asked. Release files decide what version runs; the pipeline decides when it reaches each
 * environment.
 * @see https://cloud.google.com/deploy/docs/overview
 */
export interface DeliveryArgs {
  /**
   * The pipeline's ID: lower-case letters, digits and hyphens, starting with a letter, not
   * ending with a hyphen, at most 63 characters. Its targets are `<pipeline>-<environment>`
   * and its execution service account `<pipeline>-deploy` (at most 30 characters).
   * @default the platform's name
   */
  readonly pipeline?: string;
  /**
   * The environments in promotion order, each a stage of the pipeline.
   * @default the platform's environments, in declaration order
   */
  readonly environments?: readonly string[];
  /**
   * The environments whose rollouts wait for an approval (`roles/clouddeploy.approver`),
   * e.g. `['prod']`.
   * @default none
   * @see https://cloud.google.com/deploy/docs/promote-release#approve
   */
  readonly requireApproval?: readonly string[];
  /**
   * Where the other environments' clusters are, by environment. The stack knows only its own
   * cluster; every other environment of the pipeline needs an entry.
   * @default none: the pipeline may hold only the stack's own environment
   */
  readonly clusters?: Readonly<Record<string, DeliveryCluster>>;
}

/** The GKE cluster of another environment's stack, which a Cloud Deploy target deploys to. */
export interface DeliveryCluster {
  /** The cluster's location: the zone of a zonal cluster, the region of a regional one. */
  readonly location: string;
  /**
   * The cluster's project.
   * @default the environment's `project` in the platform
   */
  readonly project?: string;
  /**
   * Whether Cloud Deploy reaches the control plane through its DNS-based endpoint: needed
   * when that stack has `privateEndpoint` on, as Cloud Build's default pool is outside the
   * VPC.
   * @default false
   * @see https://cloud.google.com/deploy/docs/config-files#target_definitions
   */
  readonly dnsEndpoint?: boolean;
}
