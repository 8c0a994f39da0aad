import type * as container from '@pulumi/gcp/container';
import * as gkehub from '@pulumi/gcp/gkehub';
import * as projects from '@pulumi/gcp/projects';
import * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';
import { projectNumber } from './project-number';
import { kubernetesServiceAccountMember } from './workload-identities';

/**
 * The APIs a fleet with multi-cluster Services and the multi-cluster Gateway needs: the
 * fleet (GKE Hub), multi-cluster service discovery and its Cloud DNS zones, Cloud Service Mesh
 * (Traffic Director, which tracks the endpoints), multi-cluster Ingress (the Gateway
 * controller) and Resource Manager.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways
 */
export const FLEET_APIS = [
  'gkehub.googleapis.com',
  'multiclusterservicediscovery.googleapis.com',
  'multiclusteringress.googleapis.com',
  'trafficdirector.googleapis.com',
  'dns.googleapis.com',
  'cloudresourcemanager.googleapis.com',
] as const;

/** The role MCS's importer needs to read the VPC network it programs. */
export const MCS_IMPORTER_ROLE = 'roles/compute.networkViewer';
/** The role the multi-cluster Gateway controller's service agent needs on the project. */
export const MCI_SERVICE_AGENT_ROLE = 'roles/container.admin';

/** What the fleet part of the stack creates. */
export interface FleetFeaturesResult {
  /** The enabled APIs, in the order of the APIs the fleet needs. */
  readonly apis: readonly projects.Service[];
  /** The fleet's multi-cluster Services feature (`multiclusterservicediscovery`). */
  readonly multiClusterServices: gkehub.Feature;
  /** The fleet's multi-cluster Gateway/Ingress feature, with the config cluster's membership. */
  readonly multiClusterGateway: gkehub.Feature;
  /** `gke-mcs/gke-mcs-importer` in the fleet's workload identity pool: compute.networkViewer. */
  readonly mcsImporter: projects.IAMMember;
  /** The multi-cluster Ingress service agent: container.admin. */
  readonly gatewayServiceAgent: projects.IAMMember;
}

/** `projects/<p>/locations/<l>/memberships/<id>`: a cluster's fleet membership, from the cluster. */
export function membershipName(cluster: container.Cluster): pulumi.Output<string> {
  return pulumi
    .all([cluster.project, cluster.fleet])
    .apply(
      ([project, fleet]) =>
        `projects/${project}/locations/${fleet?.membershipLocation}/memberships/${fleet?.membershipId}`,
    );
}

/**
 * The fleet's side of an environment of several clusters (each cluster registers itself in
 * the project's fleet on creation, `fleet.project` in createCluster): the APIs, the
 * multi-cluster Services feature, the multi-cluster Gateway feature whose config membership
 * is the config cluster's, and the IAM their controllers need. The features wait for the
 * clusters' memberships and the APIs; the IAM members for the features (the MCS importer's
 * identity exists once a cluster made the workload identity pool, the service agent once its
 * API is on).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways
 */
export function createFleetFeatures(
  plan: GkePlatformPlan,
  clusters: readonly container.Cluster[],
  config: container.Cluster,
  opts: pulumi.CustomResourceOptions,
): FleetFeaturesResult {
  const name = plan.clusterName;
  const apis = FLEET_APIS.map(
    (service) =>
      new projects.Service(
        `${name}-${service.split('.')[0]}-api`,
        // Other stacks of the project may use the APIs too: never turn them off on destroy.
        { project: plan.project, service, disableOnDestroy: false },
        opts,
      ),
  );
  const after = { ...opts, dependsOn: [...apis, ...clusters] };
  // https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling
  const multiClusterServices = new gkehub.Feature(
    `${name}-multiclusterservicediscovery`,
    { name: 'multiclusterservicediscovery', location: 'global', project: plan.project },
    after,
  );
  // The config cluster's API server holds the multi-cluster Gateway and its HTTPRoutes.
  // https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways#enable_multi-cluster_gateway_in_the_fleet
  const multiClusterGateway = new gkehub.Feature(
    `${name}-multiclusteringress`,
    {
      name: 'multiclusteringress',
      location: 'global',
      project: plan.project,
      spec: { multiclusteringress: { configMembership: membershipName(config) } },
    },
    after,
  );
  // MCS's importer reads the VPC through Workload Identity as gke-mcs/gke-mcs-importer.
  // https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling
  const mcsImporter = new projects.IAMMember(
    `${name}-mcs-importer`,
    {
      project: plan.project,
      role: MCS_IMPORTER_ROLE,
      member: kubernetesServiceAccountMember(plan.project, 'gke-mcs', 'gke-mcs-importer'),
    },
    { ...opts, dependsOn: [multiClusterServices] },
  );
  // https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways#grant_identity_and_access_management_iam_permissions_required_by_the_gateway_controller
  const number = projectNumber(plan, opts);
  const gatewayServiceAgent = new projects.IAMMember(
    `${name}-multiclusteringress-agent`,
    {
      project: plan.project,
      role: MCI_SERVICE_AGENT_ROLE,
      member: pulumi.interpolate`serviceAccount:service-${number}@gcp-sa-multiclusteringress.iam.gserviceaccount.com`,
    },
    { ...opts, dependsOn: [multiClusterGateway] },
  );
  return { apis, multiClusterServices, multiClusterGateway, mcsImporter, gatewayServiceAgent };
}
