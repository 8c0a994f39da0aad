import { fail } from '../core/errors';
import { describeManifest, type Manifest, type ManifestObject } from './manifests';

/** One public host × route that an uptime check requests over HTTPS. */
export interface UptimeTarget {
  /** The host name the Ingress rule serves, e.g. 'shop.example.com'. */
  readonly host: string;
  /** The route's path, e.g. '/sub-app/'. */
  readonly routePath: string;
  /** The backend's health-check path (its BackendConfig's), which the check requests. */
  readonly healthPath: string;
  /** The backend Service's name. */
  readonly service: string;
  /** The Ingress's name. */
  readonly ingress: string;
}

interface IngressPath {
  readonly path?: string;
  readonly pathType?: string;
  readonly backend?: {
    readonly service?: {
      readonly name?: string;
      readonly port?: { number?: number; name?: string };
    };
  };
}
interface IngressRule {
  readonly host?: string;
  readonly http?: { readonly paths?: readonly IngressPath[] };
}
interface IngressSpec {
  readonly ingressClassName?: string;
  readonly defaultBackend?: IngressPath['backend'];
  readonly rules?: readonly IngressRule[];
  readonly tls?: readonly unknown[];
}

const INGRESS_CLASS = 'kubernetes.io/ingress.class';
/**
 * The annotations by which a GKE Ingress gets a certificate, besides `spec.tls`:
 * Google-managed certificates and pre-shared (Compute Engine) certificates.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 */
const CERTIFICATE_ANNOTATIONS = [
  'networking.gke.io/managed-certificates',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
];
/** The Service annotations that attach BackendConfigs (GA and the older beta name). */
const BACKEND_CONFIG_ANNOTATIONS = [
  'cloud.google.com/backend-config',
  'beta.cloud.google.com/backend-config',
];

const annotationsOf = (o: ManifestObject) =>
  (o.metadata.annotations as Record<string, string> | undefined) ?? {};

/**
 * Whether an Ingress gets an external Application Load Balancer: class `gce`, which GKE also
 * assumes when neither the annotation nor `spec.ingressClassName` names a class.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
 */
function isExternal(ingress: ManifestObject): boolean {
  const spec = (ingress.spec ?? {}) as IngressSpec;
  const cls = annotationsOf(ingress)[INGRESS_CLASS] ?? spec.ingressClassName ?? 'gce';
  return cls === 'gce';
}

/**
 * Whether path `path` of type `pathType` matches request path `request`, and how long the
 * match is (the longest match wins). Prefix matches element-wise, ignoring a trailing '/';
 * GKE reads an ImplementationSpecific path ending in '/*' as a prefix, any other as exact.
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#paths
 */
function matchLength(path: string, pathType: string | undefined, request: string): number {
  if (pathType === 'Exact') return path === request ? path.length : -1;
  if (pathType === 'ImplementationSpecific' && !path.endsWith('/*')) {
    return path === request ? path.length : -1;
  }
  const prefix = (pathType === 'ImplementationSpecific' ? path.slice(0, -2) : path).replace(
    /\/+$/,
    '',
  );
  if (prefix === '') return 0;
  return request === prefix || request.startsWith(`${prefix}/`) ? prefix.length : -1;
}

/** The Service a request for `request` on this rule reaches, as the load balancer routes it. */
function routedService(rule: IngressRule, spec: IngressSpec, request: string): string | undefined {
  let best: { length: number; service?: string } = { length: -1 };
  for (const p of rule.http?.paths ?? []) {
    const length = matchLength(p.path ?? '/', p.pathType, request);
    if (length > best.length) best = { length, service: p.backend?.service?.name };
  }
  return best.length >= 0 ? best.service : spec.defaultBackend?.service?.name;
}

/** The health-check path of the BackendConfig attached to `service` for `port`. */
function healthPathOf(
  service: ManifestObject | undefined,
  port: { number?: number; name?: string } | undefined,
  backendConfigs: ReadonlyMap<string, ManifestObject>,
): string | undefined {
  if (!service) return undefined;
  const annotations = annotationsOf(service);
  const value = BACKEND_CONFIG_ANNOTATIONS.map((a) => annotations[a]).find((v) => v);
  if (!value) return undefined;
  let refs: { default?: string; ports?: Record<string, string> };
  try {
    refs = JSON.parse(value) as typeof refs;
  } catch {
    return undefined;
  }
  const name =
    (port?.number !== undefined ? refs.ports?.[String(port.number)] : undefined) ??
    (port?.name !== undefined ? refs.ports?.[port.name] : undefined) ??
    refs.default;
  const config = name === undefined ? undefined : backendConfigs.get(name);
  const spec = config?.spec as { healthCheck?: { requestPath?: string } } | undefined;
  return spec?.healthCheck?.requestPath;
}

/**
 * The public host × route pairs of an environment's manifests, one per host and health path:
 * for every rule with a host (not a wildcard) of every external (`gce`) Ingress, each path's
 * backend Service, and the health-check path of the BackendConfig it is attached to (what the
 * load balancer checks, the readiness probe's path for a WebService). Two routes of one host
 * to one backend give one target.
 *
 * @throws {PlatformError} naming the stack (`where`) when a public host has no certificate
 * (an HTTPS check could never pass), when a route's backend has no health-check path, or when
 * the health path, requested on that host, would reach another backend than the route's.
 */
export function findUptimeTargets(where: string, manifests: readonly Manifest[]): UptimeTarget[] {
  const objects = manifests.map((m) => m.object);
  const services = new Map(
    objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata.name, o]),
  );
  const backendConfigs = new Map(
    objects.filter((o) => o.kind === 'BackendConfig').map((o) => [o.metadata.name, o]),
  );
  const targets: UptimeTarget[] = [];
  const seen = new Set<string>();
  for (const manifest of manifests) {
    const ingress = manifest.object;
    if (ingress.kind !== 'Ingress' || !isExternal(ingress)) continue;
    const spec = (ingress.spec ?? {}) as IngressSpec;
    const label = describeManifest(manifest);
    const annotations = annotationsOf(ingress);
    const hasCertificate =
      (spec.tls ?? []).length > 0 || CERTIFICATE_ANNOTATIONS.some((a) => annotations[a]);
    for (const rule of spec.rules ?? []) {
      const host = rule.host;
      // A rule without a host, or with a wildcard, names no URL to check.
      if (host === undefined || host === '' || host.startsWith('*')) continue;
      if (!hasCertificate) {
        fail(
          where,
          manifest.source,
          `has ${label}, which serves host '${host}' without a certificate, so an HTTPS uptime check could never pass`,
          "give the entrypoint a managed certificate (the default with 'hosts'), or set 'monitoring.uptimeChecks: false' for this environment",
        );
      }
      for (const p of rule.http?.paths ?? []) {
        const backend = p.backend?.service;
        const service = backend?.name ?? '';
        const routePath = p.path ?? '/';
        const healthPath = healthPathOf(services.get(service), backend?.port, backendConfigs);
        if (healthPath === undefined) {
          fail(
            where,
            manifest.source,
            `has ${label}, whose route '${host}${routePath}' goes to Service '${service}', which has no BackendConfig health-check path to check`,
            'route through a WebEntrypoint (it attaches the readiness probe as the health check), or synthesize the manifests again',
          );
        }
        const reached = routedService(rule, spec, healthPath);
        if (reached !== service) {
          fail(
            where,
            manifest.source,
            `has ${label}, whose route '${host}${routePath}' goes to Service '${service}', but its health path '${healthPath}' requested on '${host}' reaches ${reached === undefined ? "GKE's default backend" : `Service '${reached}'`}, so the uptime check would watch the wrong backend`,
            `give '${service}' a health path under '${routePath}' (e.g. '${routePath.replace(/\/?$/, '/')}healthz')`,
          );
        }
        const key = `${host}${healthPath}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ host, routePath, healthPath, service, ingress: ingress.metadata.name });
      }
    }
  }
  return targets;
}
