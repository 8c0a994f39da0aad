import { fail } from '../../core/errors';

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
