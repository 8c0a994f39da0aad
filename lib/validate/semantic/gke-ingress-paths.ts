import { quote, record, text, type Json } from './edge-fields';

/*
 * How ingress-gce turns an Ingress path into Google URL map paths
 * (pkg/controller/translator/translator.go `validateAndGetPaths`), and what the URL map
 * accepts. Kubernetes accepts more than the controller does: a Prefix path with a '*' passes
 * the API server, and the controller then drops it, so its requests go to the default backend.
 */

/** The URL map paths of one Ingress path, or why ingress-gce drops it. */
export type TranslatedPath =
  { readonly paths: readonly string[] } | { readonly problem: string; readonly fix: string };

/**
 * ingress-gce `validateAndGetPaths`: ImplementationSpecific paths go to the URL map as they
 * are (empty = `/*`); an Exact path becomes itself; a Prefix path `/` becomes `/*`, and
 * `/foo` or `/foo/` becomes `/foo` and `/foo/*`. A '*' in an Exact or Prefix path is refused.
 */
export function translatePath(path: Json): TranslatedPath {
  const value = text(path.path) ?? '';
  const pathType = path.pathType ?? 'ImplementationSpecific';
  if (pathType === 'ImplementationSpecific') return { paths: [value === '' ? '/*' : value] };
  if (pathType !== 'Exact' && pathType !== 'Prefix') return { paths: [] };
  if (value === '') return { paths: [] };
  if (value.includes('*'))
    return {
      problem: `is ${quote(value)} with pathType ${pathType}: ingress-gce refuses a '*' in ${pathType} paths and drops the path, so its requests go to the default backend`,
      fix:
        pathType === 'Prefix' && value.endsWith('/*')
          ? `write ${quote(value.slice(0, -1))} (a Prefix path already matches everything below it), or keep ${quote(value)} with pathType ImplementationSpecific`
          : "leave out the '*', or use pathType ImplementationSpecific with a trailing '/*'",
    };
  if (pathType === 'Exact') return { paths: [value] };
  if (value === '/') return { paths: ['/*'] };
  const base = value.endsWith('/') ? value.slice(0, -1) : value;
  return { paths: [base, `${base}/*`] };
}

/**
 * What a Google URL map path rule accepts (compute API `urlMaps`, `pathRules[].paths`):
 * starting with '/', a '*' only at the end after a '/', no '?' or '#'.
 * @see https://cloud.google.com/compute/docs/reference/rest/v1/urlMaps
 */
export function urlMapPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return "does not start with '/'";
  const star = path.indexOf('*');
  if (star !== -1 && (star !== path.length - 1 || path[star - 1] !== '/'))
    return "has a '*' that is not a trailing '/*'";
  if (path.includes('?') || path.includes('#')) return "has a '?' or '#'";
  return undefined;
}

/** The backend of a path as a comparable key (`service:port`), for duplicate detection. */
export function backendKey(backend: unknown): string {
  const service = record(record(backend)?.service);
  if (!service) return JSON.stringify(record(backend)?.resource ?? null);
  const port = record(service.port) ?? {};
  return `${String(service.name)}:${String(port.name || port.number)}`;
}

/** A readable name for a backend, e.g. `Service "web" port 80`. */
export function describeBackend(backend: unknown): string {
  const service = record(record(backend)?.service);
  if (!service) return 'a resource backend';
  const port = record(service.port) ?? {};
  return `Service ${quote(service.name)} port ${quote(port.name || port.number)}`;
}
