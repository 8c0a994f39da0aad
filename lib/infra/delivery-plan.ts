import { fail } from '../core/errors';
import { type Platform } from '../platform/platform';
import { checkProjectId } from '../platform/project-id';
import type { DeliveryArgs, DeliveryCluster } from './delivery-args';
import type { GkePlatformPlan } from './plan';

/** One stage of the delivery pipeline: an environment and the target that deploys it. */
export interface DeliveryStage {
  /** The environment, which is also the stage's Skaffold profile. */
  readonly environment: string;
  /** The Cloud Deploy target's ID, `<pipeline>-<environment>`. */
  readonly targetId: string;
  /** Whether a rollout to this target waits for an approval. */
  readonly requireApproval: boolean;
  /** The environment's cluster; `own` when it is the cluster this stack creates. */
  readonly cluster: {
    readonly project: string;
    readonly location: string;
    readonly name: string;
    readonly dnsEndpoint: boolean;
    readonly own: boolean;
  };
}

/** The delivery pipeline, worked out and checked before any resource exists. */
export interface DeliveryPlan {
  /** The pipeline's ID. */
  readonly pipeline: string;
  /** The stages in promotion order. */
  readonly stages: readonly DeliveryStage[];
  /** The execution service account's ID, `<pipeline>-deploy`. */
  readonly serviceAccountId: string;
}

/** A GCP region (`europe-west1`) or zone (`europe-west1-b`). */
const LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;

/**
 * A Cloud Deploy resource ID (pipelines and targets): "a-z, 0-9 and hyphens, starting with a
 * letter, not ending with a hyphen, at most 63 characters".
 * @see https://cloud.google.com/deploy/docs/api/reference/rest/v1/projects.locations.deliveryPipelines
 * @see https://cloud.google.com/deploy/docs/api/reference/rest/v1/projects.locations.targets
 */
const CLOUD_DEPLOY_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Checks the stack's `delivery` option against its platform and works out the pipeline's
 * stages and targets. Undefined without the option, so that nothing is created.
 *
 * @throws {PlatformError} naming the stack and the option at fault.
 */
export function planDelivery(
  plan: GkePlatformPlan,
  platform: Platform,
  delivery: DeliveryArgs | undefined,
): DeliveryPlan | undefined {
  if (delivery === undefined) return undefined;
  const { where } = plan;
  const pipeline = delivery.pipeline ?? plan.platform;
  checkId(where, 'delivery.pipeline', pipeline);

  const environments = delivery.environments ?? platform.environmentNames;
  if (!Array.isArray(environments) || environments.length === 0) {
    fail(
      where,
      'delivery.environments',
      `is ${JSON.stringify(environments)}`,
      `list the environments in promotion order, e.g. ${JSON.stringify(platform.environmentNames)}`,
    );
  }
  const known = platform.environmentNames.join(', ');
  environments.forEach((env, i) => {
    if (!platform.environmentNames.includes(env)) {
      fail(
        where,
        `delivery.environments[${i}]`,
        `is '${env}', not an environment of the platform`,
        `use one of ${known}`,
      );
    }
    if (environments.indexOf(env) !== i) {
      fail(
        where,
        `delivery.environments[${i}]`,
        `repeats '${env}'`,
        'name each environment once: a pipeline deploys to each target once',
      );
    }
  });

  const approvals = delivery.requireApproval ?? [];
  if (!Array.isArray(approvals)) {
    fail(
      where,
      'delivery.requireApproval',
      `is ${JSON.stringify(approvals)}`,
      "list the environments whose rollouts wait for an approval, e.g. ['prod']",
    );
  }
  approvals.forEach((env, i) => {
    if (!environments.includes(env)) {
      fail(
        where,
        `delivery.requireApproval[${i}]`,
        `is '${env}', which is not a stage of the pipeline`,
        `use one of ${environments.join(', ')}`,
      );
    }
  });

  const clusters = delivery.clusters ?? {};
  for (const env of Object.keys(clusters)) {
    if (!environments.includes(env)) {
      fail(
        where,
        `delivery.clusters.${env}`,
        'names an environment that is not a stage of the pipeline',
        `use one of ${environments.join(', ')}, or leave it out`,
      );
    }
  }

  const serviceAccountId = `${pipeline}-deploy`;
  if (serviceAccountId.length > 30) {
    fail(
      where,
      'delivery.pipeline',
      `makes the execution service account ID '${serviceAccountId}' longer than 30 characters`,
      'use a pipeline ID of at most 23 characters',
    );
  }

  const stages = environments.map((environment): DeliveryStage => {
    const targetId = `${pipeline}-${environment}`;
    checkId(where, 'delivery.pipeline', targetId, `with '-${environment}' makes the target ID`);
    return {
      environment,
      targetId,
      requireApproval: approvals.includes(environment),
      cluster: clusterOf(
        plan,
        platform,
        environment,
        Object.hasOwn(clusters, environment) ? clusters[environment] : undefined,
      ),
    };
  });
  return { pipeline, stages, serviceAccountId };
}

function checkId(where: string, prop: string, id: string, what = 'is'): void {
  if (typeof id !== 'string' || !CLOUD_DEPLOY_ID.test(id)) {
    fail(
      where,
      prop,
      `${what} ${JSON.stringify(id)}, which is not a Cloud Deploy ID`,
      'use at most 63 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    );
  }
}

/**
 * The cluster of `environment`: the stack's own (its project, location and endpoint), or
 * another stack's, `<platform>-<environment>`, where `delivery.clusters` says it is.
 */
function clusterOf(
  plan: GkePlatformPlan,
  platform: Platform,
  environment: string,
  given: DeliveryCluster | undefined,
): DeliveryStage['cluster'] {
  const { where } = plan;
  const prop = `delivery.clusters.${environment}`;
  const name = `${plan.platform}-${environment}`;
  if (environment === plan.environment) {
    const own = {
      project: plan.project,
      location: plan.location,
      name,
      // Cloud Build's default pool is outside the VPC: a private endpoint is reached by DNS.
      dnsEndpoint: plan.hardening.privateEndpoint && plan.hardening.dnsEndpoint,
      own: true,
    };
    for (const key of ['project', 'location', 'dnsEndpoint'] as const) {
      if (given?.[key] !== undefined && given[key] !== own[key]) {
        fail(
          where,
          `${prop}.${key}`,
          `is ${JSON.stringify(given[key])}, but this stack's own cluster has ${JSON.stringify(own[key])}`,
          `leave '${prop}' out: the stack knows its own cluster`,
        );
      }
    }
    return own;
  }
  if (given === undefined) {
    fail(
      where,
      prop,
      `is not set, and the stack knows only the cluster of '${plan.environment}'`,
      `give the location of '${name}' (the zone of a zonal cluster, the region of a regional one), e.g. { ${environment}: { location: '${plan.region}' } }`,
    );
  }
  if (typeof given.location !== 'string' || !LOCATION.test(given.location)) {
    fail(
      where,
      `${prop}.location`,
      `is ${JSON.stringify(given.location)}, which is not a GCP region or zone`,
      "use e.g. 'europe-west1' or 'europe-west1-b'",
    );
  }
  const declared = platform.environment(environment).project;
  const project = given.project ?? declared;
  if (project === undefined) {
    fail(
      where,
      `${prop}.project`,
      `is not set, and environment '${environment}' declares no project`,
      `declare 'project' for '${environment}' in the platform, or set it here`,
    );
  }
  checkProjectId(where, `${prop}.project`, project);
  if (declared !== undefined && project !== declared) {
    fail(
      where,
      `${prop}.project`,
      `is '${project}', but the platform declares project '${declared}' for '${environment}'`,
      `leave it out: the stack of '${environment}' creates its cluster in '${declared}'`,
    );
  }
  return {
    project,
    location: given.location,
    name,
    dnsEndpoint: given.dnsEndpoint ?? false,
    own: false,
  };
}
