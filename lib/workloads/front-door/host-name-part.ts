/**
 * The part of an object's name that stands for `host` (`<entrypoint>-<host>`): the host
 * itself, or for a wildcard host, which no Kubernetes name may hold,
 * `wildcard-<the rest of the host>` with its dots written '-' and its own '-' doubled
 * (`*.my-shop.com` → `wildcard-my--shop-com`). That part has no dot, so it is never the part
 * of a host name (which has one), and no two wildcard hosts share it.
 */
export function hostNamePart(host: string): string {
  if (!host.startsWith('*.')) return host;
  return `wildcard-${host.slice(2).replaceAll('-', '--').replaceAll('.', '-')}`;
}
