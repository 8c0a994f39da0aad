import * as artifactregistry from '@pulumi/gcp/artifactregistry';
import * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';

/** What {@link createRegistry} creates. */
export interface RegistryResult {
  readonly repository: artifactregistry.Repository;
  /** The nodes' right to pull from this repository (and no other). */
  readonly nodeReader: artifactregistry.RepositoryIamMember;
  /** `<region>-docker.pkg.dev/<project>/<repository>`: where to push the platform's images. */
  readonly url: pulumi.Output<string>;
}

/**
 * The Artifact Registry Docker repository for the platform's images, readable by the nodes.
 * @see https://cloud.google.com/artifact-registry/docs/docker/store-docker-container-images
 * @see https://cloud.google.com/artifact-registry/docs/integrate-gke
 */
export function createRegistry(
  plan: GkePlatformPlan,
  nodeServiceAccountEmail: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): RegistryResult {
  const repository = new artifactregistry.Repository(
    plan.registryId,
    {
      repositoryId: plan.registryId,
      project: plan.project,
      location: plan.region,
      format: 'DOCKER',
      description: `Images of platform ${plan.platform} (${plan.environment})`,
      labels: { ...plan.labels },
    },
    opts,
  );
  const nodeReader = new artifactregistry.RepositoryIamMember(
    `${plan.registryId}-node-reader`,
    {
      project: plan.project,
      location: plan.region,
      repository: repository.repositoryId,
      role: 'roles/artifactregistry.reader',
      member: pulumi.interpolate`serviceAccount:${nodeServiceAccountEmail}`,
    },
    opts,
  );
  const url = pulumi.interpolate`${plan.region}-docker.pkg.dev/${plan.project}/${repository.repositoryId}`;
  return { repository, nodeReader, url };
}
