import * as clouddeploy from '@pulumi/gcp/clouddeploy';
import type * as container from '@pulumi/gcp/container';
import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import type { DeliveryPlan, DeliveryStage } from './delivery-plan';
import type { GkePlatformPlan } from './plan';

/**
 * The APIs a pipeline needs in the stack's project: Cloud Deploy, and Cloud Build, where
 * Cloud Deploy runs its render and deploy jobs.
 * @see https://cloud.google.com/deploy/docs/execution-environment
 */
export const DELIVERY_APIS: readonly string[] = [
  'clouddeploy.googleapis.com',
  'cloudbuild.googleapis.com',
];

/**
 * The execution service account's roles in the pipeline's project: running Cloud Deploy's
 * jobs (with their Cloud Storage artifacts) and writing their logs. Deploying is granted
 * apart, on each target cluster's project ({@link TARGET_ROLE}).
 * @see https://cloud.google.com/deploy/docs/cloud-deploy-service-account
 */
export const EXECUTION_ROLES: readonly string[] = [
  'roles/clouddeploy.jobRunner',
  'roles/logging.logWriter',
];

/**
 * The execution service account's role on each target cluster's project: the Kubernetes API
 * within namespaces, nothing on the cluster itself (GKE has no per-cluster IAM).
 * @see https://cloud.google.com/deploy/docs/cloud-deploy-service-account
 */
export const TARGET_ROLE = 'roles/container.developer';

/** What the `delivery` option of a GkePlatform creates. */
export interface DeliveryResult {
  /** Cloud Deploy's and Cloud Build's APIs of the stack's project, enabled. */
  readonly apis: readonly projects.Service[];
  /** The service account that renders and deploys, `<pipeline>-deploy`. */
  readonly serviceAccount: serviceaccount.Account;
  /** Its project roles: the pipeline project's, then each target project's. */
  readonly roles: readonly projects.IAMMember[];
  /** One target per stage, in promotion order. */
  readonly targets: readonly clouddeploy.Target[];
  /** The serial pipeline, one stage per environment. */
  readonly pipeline: clouddeploy.DeliveryPipeline;
}

/**
 * The delivery pipeline in the stack's project and region: its APIs, its own execution
 * service account with least privilege, one GKE target per environment and the serial
 * pipeline that promotes through them. The APIs stay enabled when the stack is destroyed.
 */
export function createDelivery(
  plan: GkePlatformPlan,
  delivery: DeliveryPlan,
  cluster: container.Cluster,
  opts: pulumi.CustomResourceOptions,
): DeliveryResult {
  const apis = DELIVERY_APIS.map(
    (service) =>
      new projects.Service(
        `${plan.clusterName}-${service.split('.')[0]}-api`,
        { project: plan.project, service, disableOnDestroy: false },
        opts,
      ),
  );
  const afterApis = { ...opts, dependsOn: apis };
  const id = delivery.serviceAccountId;
  const serviceAccount = new serviceaccount.Account(
    id,
    {
      accountId: id,
      project: plan.project,
      displayName: `Cloud Deploy execution of pipeline ${delivery.pipeline}`,
    },
    opts,
  );
  const member = pulumi.interpolate`serviceAccount:${serviceAccount.email}`;
  const grant = (name: string, project: string, role: string) =>
    new projects.IAMMember(name, { project, role, member }, opts);
  const targetProjects = [...new Set(delivery.stages.map((s) => s.cluster.project))];
  const roles = [
    ...EXECUTION_ROLES.map((role) => grant(`${id}-${slug(role)}`, plan.project, role)),
    ...targetProjects.map((project) =>
      grant(`${id}-${slug(TARGET_ROLE)}-${project}`, project, TARGET_ROLE),
    ),
  ];

  const targets = delivery.stages.map(
    (stage) =>
      new clouddeploy.Target(
        stage.targetId,
        {
          name: stage.targetId,
          project: plan.project,
          location: plan.region,
          description: `${plan.platform}'s environment ${stage.environment}`,
          gke: {
            cluster: clusterPath(stage, cluster),
            ...(stage.cluster.dnsEndpoint ? { dnsEndpoint: true } : {}),
          },
          requireApproval: stage.requireApproval,
          executionConfigs: [
            { usages: ['RENDER', 'DEPLOY'], serviceAccount: serviceAccount.email },
          ],
          labels: { 'gke-platform': plan.platform, environment: stage.environment },
        },
        afterApis,
      ),
  );
  const pipeline = new clouddeploy.DeliveryPipeline(
    delivery.pipeline,
    {
      name: delivery.pipeline,
      project: plan.project,
      location: plan.region,
      description: `Promotes ${plan.platform} through ${delivery.stages.map((s) => s.environment).join(', ')}`,
      serialPipeline: {
        // Each stage renders the Skaffold profile of its environment: dist/<environment>.
        stages: delivery.stages.map((s) => ({ targetId: s.targetId, profiles: [s.environment] })),
      },
      labels: { 'gke-platform': plan.platform },
    },
    { ...afterApis, dependsOn: [...apis, ...targets] },
  );
  return { apis, serviceAccount, roles, targets, pipeline };
}

/** `projects/<p>/locations/<l>/clusters/<name>`: the stack's own cluster by its outputs. */
function clusterPath(stage: DeliveryStage, cluster: container.Cluster): pulumi.Input<string> {
  const { project, location, name } = stage.cluster;
  return stage.cluster.own
    ? pulumi.interpolate`projects/${cluster.project}/locations/${cluster.location}/clusters/${cluster.name}`
    : `projects/${project}/locations/${location}/clusters/${name}`;
}

const slug = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-');
