import * as artifactregistry from '@pulumi/gcp/artifactregistry';
import * as pulumi from '@pulumi/pulumi';
import type { Registry } from '../platform/registry';
import type { GkePlatformPlan } from './plan';

/** GKE nodes pull from Artifact Registry with their service account, which needs this role. */
export const REGISTRY_READER_ROLE = 'roles/artifactregistry.reader';

/** The nodes' right to pull from one declared registry. */
export interface RegistryReaderResult {
  /** The registry as the platform declares it. */
  readonly registry: Registry;
  /** `roles/artifactregistry.reader` on the repository for the nodes' service account. */
  readonly reader: artifactregistry.RepositoryIamMember;
}

/**
 * `roles/artifactregistry.reader` for the node service account on every registry the
 * environment declares, except public ones: in the repository's own project, which may
 * not be the cluster's (the identity running `pulumi up` then needs to administer that
 * repository's IAM). The repositories themselves are not created here: images outlive
 * clusters.
 * @see https://cloud.google.com/artifact-registry/docs/integrate-gke
 * @see https://cloud.google.com/artifact-registry/docs/access-control#grant
 */
export function createRegistryReaders(
  plan: GkePlatformPlan,
  nodeServiceAccountEmail: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): RegistryReaderResult[] {
  return plan.registries
    .filter((registry) => !registry.public)
    .map((registry) => ({
      registry,
      reader: new artifactregistry.RepositoryIamMember(
        `${plan.clusterName}-${registry.key}-reader`,
        {
          project: registry.project,
          location: registry.location,
          repository: registry.repository,
          role: REGISTRY_READER_ROLE,
          member: pulumi.interpolate`serviceAccount:${nodeServiceAccountEmail}`,
        },
        opts,
      ),
    }));
}
