import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { annotationsOf, record, text } from './edge-fields';

/*
 * The annotations GKE's Ingress controller (ingress-gce) and the managed-certificate
 * controller read, and how they read them, so that the rules judge a value the way the
 * controllers will. Keys from ingress-gce pkg/annotations/ingress.go and service.go,
 * pkg/negannotation/negannotation.go, and gke-managed-certs pkg/config/config.go.
 */

export const INGRESS_CLASS = 'kubernetes.io/ingress.class';
export const GLOBAL_STATIC_IP = 'kubernetes.io/ingress.global-static-ip-name';
export const REGIONAL_STATIC_IP = 'kubernetes.io/ingress.regional-static-ip-name';
export const ALLOW_HTTP = 'kubernetes.io/ingress.allow-http';
export const PRE_SHARED_CERT = 'ingress.gcp.kubernetes.io/pre-shared-cert';
export const MANAGED_CERTIFICATES = 'networking.gke.io/managed-certificates';
export const FRONTEND_CONFIG = 'networking.gke.io/v1beta1.FrontendConfig';
export const BACKEND_CONFIG = 'cloud.google.com/backend-config';
export const BETA_BACKEND_CONFIG = 'beta.cloud.google.com/backend-config';
export const NEG = 'cloud.google.com/neg';

/**
 * The Google load balancer GKE makes for an Ingress: `external` (class `gce`, or no class at
 * all), `internal` (`gce-internal`) or `regional-external` (`gce-regional-external`).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
 */
export type GkeLoadBalancer = 'external' | 'internal' | 'regional-external';

/** The GKE classes of `kubernetes.io/ingress.class` (ingress-gce pkg/annotations/ingress.go). */
export const GKE_INGRESS_CLASSES: ReadonlyMap<string, GkeLoadBalancer> = new Map([
  ['gce', 'external'],
  ['gce-internal', 'internal'],
  ['gce-regional-external', 'regional-external'],
]);

/**
 * The load balancer GKE makes for `ingress`, or undefined when GKE leaves it to another
 * controller. Mirrors ingress-gce `utils.IsGCEIngress`: without the annotation, GKE acts only
 * when `spec.ingressClassName` is unset too.
 */
export function gkeLoadBalancerOf(ingress: KubernetesObject): GkeLoadBalancer | undefined {
  const value = annotationsOf(ingress)[INGRESS_CLASS];
  if (value === undefined || value === '') {
    return record(ingress.spec)?.ingressClassName === undefined ? 'external' : undefined;
  }
  return typeof value === 'string' ? GKE_INGRESS_CLASSES.get(value) : undefined;
}

/**
 * A comma-separated list of names as the controllers split it: trimmed, empty items dropped
 * (gke-managed-certs pkg/controller/sync/sync.go `parse`).
 */
export function nameList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Go's `strconv.ParseBool`, which ingress-gce uses for `allow-http`: undefined when the value
 * is not one Go reads as a boolean (the controller then keeps the default, true).
 */
export function goBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** The parsed `cloud.google.com/backend-config` annotation of a Service. */
export interface BackendConfigRefs {
  /** The annotation key that was read (the GA key wins over the beta one). */
  readonly key: string;
  /** The BackendConfig for every Service port `ports` does not list. */
  readonly default?: string;
  /** BackendConfigs by Service port name or number. */
  readonly ports: Readonly<Record<string, string>>;
  /** Why the controller cannot use the annotation, when it cannot. */
  readonly error?: 'invalid JSON' | 'names no BackendConfig';
}

/**
 * The Service's BackendConfig annotation as ingress-gce reads it
 * (`annotations.Service.GetBackendConfigs`): JSON `{"default": NAME, "ports": {PORT: NAME}}`,
 * the GA key before the beta one; undefined when the Service has neither.
 */
export function backendConfigRefsOf(service: KubernetesObject): BackendConfigRefs | undefined {
  const annotations = annotationsOf(service);
  const key = [BACKEND_CONFIG, BETA_BACKEND_CONFIG].find((k) => annotations[k] !== undefined);
  if (key === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(annotations[key]));
  } catch {
    return { key, ports: {}, error: 'invalid JSON' };
  }
  const json = record(parsed);
  const ports = record(json?.ports);
  if (
    json === undefined ||
    (json.default !== undefined && typeof json.default !== 'string') ||
    (json.ports !== undefined &&
      (ports === undefined || Object.values(ports).some((n) => typeof n !== 'string')))
  ) {
    return { key, ports: {}, error: 'invalid JSON' };
  }
  const result = {
    key,
    default: text(json.default) || undefined,
    ports: (ports ?? {}) as Readonly<Record<string, string>>,
  };
  return result.default === undefined && Object.keys(result.ports).length === 0
    ? { ...result, error: 'names no BackendConfig' }
    : result;
}

/**
 * Which BackendConfig applies to one Service port: by port name, then by number, then the
 * default (ingress-gce pkg/backendconfig/utils.go `BackendConfigName`).
 */
export function backendConfigFor(
  refs: BackendConfigRefs,
  port: { readonly name?: unknown; readonly port?: unknown },
): string | undefined {
  const own = (key: string) => (Object.hasOwn(refs.ports, key) ? refs.ports[key] : undefined);
  const byName = typeof port.name === 'string' ? own(port.name) : undefined;
  return byName ?? own(String(port.port)) ?? refs.default;
}

/**
 * Whether the Service asks for container-native load balancing for Ingress backends:
 * `cloud.google.com/neg: '{"ingress": true}'` (ingress-gce `NegAnnotation.NEGEnabledForIngress`);
 * undefined when the annotation is not valid JSON.
 */
export function negForIngress(service: KubernetesObject): boolean | undefined {
  const value = annotationsOf(service)[NEG];
  if (value === undefined) return false;
  try {
    return record(JSON.parse(String(value)))?.ingress === true;
  } catch {
    return undefined;
  }
}
