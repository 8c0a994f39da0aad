import { fail } from '../../core/errors';
import type { RecordedImage } from '../chart/release-records';

/** An image reference taken apart. */
export interface ImageReference {
  /** The registry host (and port), e.g. `europe-docker.pkg.dev`. @default Docker Hub */
  readonly domain?: string;
  /** The repository path, e.g. `shop/apps/web`. */
  readonly path: string;
  readonly tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  readonly digest?: string;
}

/*
 * The reference grammar of the distribution project (github.com/distribution/reference,
 * reference.go and regexp.go), which the kubelet and containerd parse images with.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** distribution's NameTotalLengthMax. */
const NAME_MAX = 255;

/** Parses an image reference, or returns undefined when it does not follow the grammar. */
export function parseImageReference(image: string): ImageReference | undefined {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest.length === 0 || rest.length > NAME_MAX) return undefined;
  const parts = rest.split('/');
  // The first part is a registry when it looks like a host: a '.', a port, or 'localhost'.
  const first = parts[0];
  const hasDomain =
    parts.length > 1 &&
    (first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase());
  const domain = hasDomain ? parts.shift() : undefined;
  if (domain !== undefined && !DOMAIN.test(domain)) return undefined;
  if (!parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return { domain, path: parts.join('/'), tag, digest };
}

/**
 * Checks that an image reference follows the reference grammar and pins a version: a tag
 * other than `latest`, or a digest. An untagged or `:latest` image changes under a running
 * Deployment without a rollout.
 */
export function checkImage(
  where: string,
  prop: string,
  image: string,
  allowMutableTag: boolean,
): string {
  const ref = typeof image === 'string' ? parseImageReference(image) : undefined;
  if (ref === undefined) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(image)}, which is not an image reference`,
      "write '[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
    );
  }
  if (allowMutableTag || ref.digest !== undefined) return image;
  if (ref.tag === undefined || ref.tag === 'latest') {
    fail(
      where,
      prop,
      `is '${image}', which ${ref.tag ? "uses the moving tag 'latest'" : 'has no tag'}`,
      `pin a version ('${image.replace(/:latest$/, '')}:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'`,
    );
  }
  return image;
}

/**
 * An image whose version is not in the code: the release file of each environment
 * (`releases/<environment>.yaml`) names the tag or digest, written by
 * `gke-platform release set`.
 */
export interface ImageRepository {
  /** The repository, without tag or digest, e.g. `europe-docker.pkg.dev/shop-artifacts/shop/web`. */
  readonly repository: string;
}

/** The repository part of a reference (domain and path), without tag or digest. */
export function imageRepository(ref: ImageReference): string {
  return ref.domain === undefined ? ref.path : `${ref.domain}/${ref.path}`;
}

/**
 * Checks that `repository` names a repository (no tag, no digest) and that the recorded image
 * is a version of it; returns the recorded image.
 */
export function checkRecordedImage(
  where: string,
  prop: string,
  repository: string,
  recorded: RecordedImage,
): string {
  const own = typeof repository === 'string' ? parseImageReference(repository) : undefined;
  if (own === undefined || own.tag !== undefined || own.digest !== undefined) {
    fail(
      where,
      `${prop}.repository`,
      `is ${JSON.stringify(repository)}, which is not a repository without tag or digest`,
      "write '[registry/]repository', e.g. 'europe-docker.pkg.dev/project/repo/app'; the release file names the version",
    );
  }
  const ref = parseImageReference(recorded.image);
  if (ref === undefined || imageRepository(ref) !== imageRepository(own)) {
    fail(
      where,
      prop,
      `is recorded as '${recorded.image}' (${recorded.source}), which is not an image of the repository '${repository}'`,
      `record an image of '${repository}' (gke-platform release set), or change the repository in the code`,
    );
  }
  return recorded.image;
}

/**
 * Refuses an image without a digest where the environment requires immutable references
 * (`images: { requireDigest: true }`): a tag can be pushed again, a digest cannot.
 */
export function checkDigest(
  where: string,
  prop: string,
  image: string,
  environment: string,
  workload: string,
): void {
  if (parseImageReference(image)?.digest !== undefined) return;
  fail(
    where,
    prop,
    `is '${image}', a tag, but the environment '${environment}' requires images by digest (images.requireDigest)`,
    `pin the digest the tag points at: gke-platform release set ${environment} ${workload}=${image.replace(/:[^:/]*$/, '')}@sha256:… (the digest that 'gcloud artifacts docker images describe ${image}' prints)`,
  );
}

/** The image's tag (or the digest's first 12 hex digits), for the `app.kubernetes.io/version` label. */
export function imageVersion(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (ref?.digest)
    return ref.digest.slice(ref.digest.indexOf(':') + 1, ref.digest.indexOf(':') + 13);
  const tag = ref?.tag;
  return tag !== undefined && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(tag)
    ? tag
    : undefined;
}
