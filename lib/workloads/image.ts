import { fail } from '../platform/errors';

/**
 * Checks that an image reference pins a version: a tag other than `latest`, or a digest.
 * An untagged or `:latest` image changes under a running Deployment without a rollout.
 */
export function checkImage(
  where: string,
  prop: string,
  image: string,
  allowMutableTag: boolean,
): string {
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(image)}, which is not an image reference`,
      "give e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
    );
  }
  if (allowMutableTag || image.includes('@sha256:')) return image;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':')
    ? lastSegment.slice(lastSegment.indexOf(':') + 1)
    : undefined;
  if (tag === undefined || tag === 'latest') {
    fail(
      where,
      prop,
      `is '${image}', which ${tag ? "uses the moving tag 'latest'" : 'has no tag'}`,
      `pin a version ('${image.replace(/:latest$/, '')}:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'`,
    );
  }
  return image;
}

/** The image's tag (or the digest's first 12 hex digits), for the `app.kubernetes.io/version` label. */
export function imageVersion(image: string): string | undefined {
  const digest = /@sha256:([a-f0-9]{12})/.exec(image);
  if (digest) return digest[1];
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':')) return undefined;
  const tag = lastSegment.slice(lastSegment.indexOf(':') + 1);
  return /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(tag) ? tag : undefined;
}
