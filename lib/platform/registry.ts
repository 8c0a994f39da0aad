import { fail } from '../core/errors';
import { checkProjectId } from './project-id';
import { checkDnsLabel } from '../core/naming';

/**
 * An Artifact Registry Docker repository that workloads pull images from. The stack grants
 * the nodes' service account `roles/artifactregistry.reader` on it (GKE nodes pull with
 * that account), and workloads may use Artifact Registry and `gcr.io` images only from
 * declared repositories.
 *
 * The repository must exist: it holds images that outlive any cluster, so no environment's
 * stack creates or deletes it (`gcloud artifacts repositories create`).
 * @see https://cloud.google.com/artifact-registry/docs/integrate-gke
 * @see https://cloud.google.com/artifact-registry/docs/docker/names
 */
export interface RegistrySpec {
  /**
   * The repository's location: a region ('europe-west1') or a multi-region ('europe', 'us',
   * 'asia'). Images are then `<location>-docker.pkg.dev/<project>/<repository>/…`.
   */
  readonly location: string;
  /** The project that holds the repository, possibly not the environment's. @default the environment's project */
  readonly project?: string;
  /**
   * The repository ID. A `gcr.io` repository (one of 'gcr.io', 'us.gcr.io', 'eu.gcr.io',
   * 'asia.gcr.io') serves `<repository>/<project>/…` images.
   * @default the registry's key
   * @see https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories
   */
  readonly repository?: string;
  /**
   * Whether anyone may read the repository (e.g. a vendor's public images): images from it
   * are allowed, and the stack grants nothing on it (it could not, in someone else's project).
   * @default false
   */
  readonly public?: boolean;
}

/** A declared registry with its names worked out. */
export interface Registry {
  /** The key it is declared under. */
  readonly key: string;
  /** The repository's region or multi-region, e.g. `europe-west1` or `europe`. */
  readonly location: string;
  /** The project that holds the repository. */
  readonly project: string;
  /** The repository ID (or the `gcr.io` host of a Container Registry repository). */
  readonly repository: string;
  /** Whether anyone may read it: its images are allowed and the stack grants nothing on it. */
  readonly public: boolean;
  /** What image references from it start with, without the trailing '/'. */
  readonly url: string;
}

/**
 * Artifact Registry's `gcr.io` repositories and their locations ("gcr.io domain support").
 * @see https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories
 */
const GCR_REPOSITORIES: Readonly<Record<string, string>> = {
  'gcr.io': 'us',
  'us.gcr.io': 'us',
  'eu.gcr.io': 'europe',
  'asia.gcr.io': 'asia',
};

/** An Artifact Registry location: a multi-region ('europe') or a region ('europe-west1'). */
const LOCATION = /^[a-z]+(-[a-z]+[0-9]+)?$/;

/** Applies defaults to a registry declaration and checks it. */
export function parseRegistry(
  where: string,
  key: string,
  spec: RegistrySpec,
  defaultProject: string | undefined,
): Registry {
  const at = `${where} registry '${key}'`;
  checkDnsLabel(`${where}`, `registries.${key}`, key);
  if (typeof spec?.location !== 'string' || !LOCATION.test(spec.location)) {
    fail(
      at,
      'location',
      `is ${JSON.stringify(spec?.location)}, which is not an Artifact Registry location`,
      "use a multi-region ('europe', 'us', 'asia') or a region ('europe-west1')",
    );
  }
  const project = spec.project ?? defaultProject;
  if (project === undefined) {
    fail(
      at,
      'project',
      "is not set, and the environment declares no 'project'",
      "set the project that holds the repository, e.g. project: 'shop-artifacts'",
    );
  }
  checkProjectId(at, 'project', project);
  const repository = spec.repository ?? key;
  const gcrLocation = GCR_REPOSITORIES[repository];
  if (gcrLocation === undefined) {
    checkDnsLabel(at, 'repository', repository);
  } else if (gcrLocation !== spec.location) {
    fail(
      at,
      'location',
      `is '${spec.location}', but Artifact Registry keeps the '${repository}' repository in '${gcrLocation}'`,
      `set location: '${gcrLocation}'`,
    );
  }
  const url =
    gcrLocation === undefined
      ? `${spec.location}-docker.pkg.dev/${project}/${repository}`
      : `${repository}/${project}`;
  return { key, location: spec.location, project, repository, public: spec.public ?? false, url };
}

/**
 * The registry host of an image reference, or undefined for Docker Hub. The first path
 * component is a host when it contains '.' or ':' or is 'localhost', as Docker decides
 * (`splitDockerDomain` in github.com/distribution/reference, normalize.go).
 */
export function imageHost(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/**
 * Whether the host serves private Google registries that the nodes read with their service
 * account: Artifact Registry (`*.pkg.dev`) and `gcr.io` (`gcr.io`, `*.gcr.io`). Other hosts
 * (Docker Hub, `ghcr.io`, `quay.io`, `registry.k8s.io`, …) are public to GKE's nodes, or
 * need pull secrets this library does not manage, so they are not checked.
 */
export function isGoogleRegistryHost(host: string): boolean {
  const name = host.split(':')[0];
  return name.endsWith('.pkg.dev') || name === 'gcr.io' || name.endsWith('.gcr.io');
}

/**
 * Where an image comes from: `checked` when its host is an Artifact Registry or `gcr.io`
 * host (see {@link isGoogleRegistryHost}), and the declared registry it is in, if any.
 */
export function matchImageRegistry(
  image: string,
  registries: readonly Registry[],
): { readonly checked: boolean; readonly registry?: Registry } {
  const host = imageHost(image);
  if (host === undefined || !isGoogleRegistryHost(host)) return { checked: false };
  return { checked: true, registry: registries.find((r) => image.startsWith(`${r.url}/`)) };
}

/** The declared registries as an error message lists them. */
export function describeRegistries(registries: readonly Registry[]): string {
  return registries.map((r) => `${r.key} (${r.url})`).join(', ') || 'none';
}

/**
 * The declared registry that `image` comes from; undefined for an image from a registry this
 * library does not check (see {@link isGoogleRegistryHost}).
 *
 * @throws when the image is on an Artifact Registry or `gcr.io` host but in no declared
 * repository: the nodes could not pull it (`ImagePullBackOff`, 403).
 */
export function findImageRegistry(
  where: string,
  prop: string,
  env: string,
  image: string,
  registries: readonly Registry[],
): Registry | undefined {
  const { checked, registry } = matchImageRegistry(image, registries);
  if (checked && !registry) {
    fail(
      where,
      prop,
      `is '${image}', from a Google registry that environment '${env}' does not declare, so its nodes cannot pull it`,
      `declare the repository under 'registries' in the platform (declared: ${describeRegistries(registries)})`,
    );
  }
  return registry;
}
