import { PodMonitoring } from '../../gke/pod-monitoring';
import { checkWholeNumber, fail } from '../../core/errors';
import type { k8s } from '../chart/kube';

/**
 * Prometheus metrics of a workload's pods, scraped by Google Cloud Managed Service for
 * Prometheus (managed collection, on by default in GKE).
 * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 */
export interface MetricsSpec {
  /**
   * The container port that serves the metrics: a port name of the main container (`portName`,
   * 'http' by default, or one of `additionalPorts`) or the number of any container's `port` (a
   * sidecar exporter's).
   */
  readonly port: string | number;
  /**
   * The HTTP path of the metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * The query of the metrics URL, by parameter (e.g. `{ format: 'prometheus' }` for
   * `/metrics?format=prometheus`): a PodMonitoring's `path` cannot carry a query, the
   * scraper escapes a '?' in it.
   * @default none
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly params?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * How often to scrape, in seconds, like every other duration of the library.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * How often to scrape, as a Prometheus duration ('30s', '1m').
   * @deprecated use `intervalSeconds` (`interval: '1m'` is `intervalSeconds: 60`); the
   * string form still works and writes the same PodMonitoring.
   * @default '30s'
   */
  readonly interval?: string;
}

/**
 * The pods of Managed Service for Prometheus's collectors: the `collector` DaemonSet in the
 * `gmp-system` namespace, whose pods (`app.kubernetes.io/name: collector`, not on the node's
 * network) scrape the targets of their node. A namespace with NetworkPolicies must let them in
 * on the metrics port.
 * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 * @see https://github.com/GoogleCloudPlatform/prometheus-engine/blob/main/manifests/operator.yaml
 */
export const MANAGED_PROMETHEUS_COLLECTORS = {
  namespace: 'gmp-system',
  podLabels: { 'app.kubernetes.io/name': 'collector' },
} as const;

/** What {@link createPodMonitoring} needs of the workload. */
export interface MetricsTarget {
  /** `WebService '<path>'`, for errors. */
  readonly where: string;
  readonly selector: Readonly<Record<string, string>>;
  /** The main container's named ports: `port` (its `portName`) first, then any others. */
  readonly namedPorts: readonly { readonly name: string; readonly port: number }[];
  /** Every container port of the pod. */
  readonly declaredPorts: readonly number[];
  /** Namespaced metadata with the workload's name and labels. */
  readonly metadata: k8s.ObjectMeta;
  /** Pod labels to copy onto the series (a release track). @default none */
  readonly podLabels?: readonly string[];
}

/**
 * The PodMonitoring of one workload: its own name, the workload's selector labels (so exactly
 * its pods are scraped), one endpoint on the declared port.
 * @returns the PodMonitoring and the port number its collectors connect to
 * @throws {PlatformError} when the port is not a port of the pod
 */
export function createPodMonitoring(
  scope: import('constructs').Construct,
  target: MetricsTarget,
  spec: MetricsSpec,
): { readonly podMonitoring: PodMonitoring; readonly port: number } {
  const port = metricsPort(target, spec.port);
  const podMonitoring = new PodMonitoring(scope, 'pod-monitoring', {
    metadata: target.metadata,
    selector: target.selector,
    podLabels: target.podLabels,
    endpoints: [
      {
        port: spec.port,
        path: metricsPath(target, spec.path ?? '/metrics'),
        params: spec.params,
        interval: scrapeInterval(target, spec),
      },
    ],
  });
  return { podMonitoring, port };
}

/**
 * The path, without a query: Prometheus builds the scrape URL from the path and the params
 * apart (`url.URL{Path, RawQuery: params.Encode()}` in scrape/target.go), so a '?' in the path
 * is escaped as '%3F' and the scrape gets a 404.
 */
function metricsPath(target: MetricsTarget, path: string): string {
  const query = path.indexOf('?');
  if (query < 0) return path;
  const params: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(path.slice(query + 1)))
    (params[key] ??= []).push(value);
  const written = Object.entries(params)
    .map(
      ([key, values]) =>
        `${JSON.stringify(key)}: ${values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values)}`,
    )
    .join(', ');
  fail(
    target.where,
    'metrics.path',
    `is '${path}', with a query, which a PodMonitoring's path cannot carry (the scraper would ask for '${path.slice(0, query)}%3F…')`,
    `give the path alone and the query as 'params': path: '${path.slice(0, query)}', params: { ${written} }`,
  );
}

/**
 * The PodMonitoring's `interval` (a Prometheus duration, which the CRD requires): from
 * `intervalSeconds`, or the deprecated duration string as given, which PodMonitoring checks.
 */
function scrapeInterval(target: MetricsTarget, spec: MetricsSpec): string {
  if (spec.intervalSeconds === undefined) return spec.interval ?? '30s';
  if (spec.interval !== undefined) {
    fail(
      target.where,
      'metrics.interval',
      'is set, and so is metrics.intervalSeconds',
      "give only 'intervalSeconds' ('interval' is deprecated)",
    );
  }
  return `${checkWholeNumber(target.where, 'metrics.intervalSeconds', spec.intervalSeconds, 1)}s`;
}

/**
 * The port number behind `port`. A port name must be a declared one (the scrape keeps only
 * targets whose `__meta_kubernetes_pod_container_port_name` matches: `endpointScrapeConfig` in
 * prometheus-engine's pkg/operator/apis/monitoring/v1/pod_config.go), and so must a number,
 * since the NetworkPolicy opens it.
 */
function metricsPort(target: MetricsTarget, port: string | number): number {
  if (typeof port === 'string') {
    const named = target.namedPorts.find((p) => p.name === port);
    if (!named) {
      const names = target.namedPorts.map((p) => `'${p.name}'`).join(', ');
      fail(
        target.where,
        'metrics.port',
        `is '${port}', which is not a named port of the pod (${names})`,
        `use one of ${names} or a port number of the pod (${target.declaredPorts.join(', ')})`,
      );
    }
    return named.port;
  }
  if (!target.declaredPorts.includes(port)) {
    fail(
      target.where,
      'metrics.port',
      `is ${JSON.stringify(port)}, which no container of the pod declares`,
      `use a declared port (${target.declaredPorts.join(', ')}), or give the exporter sidecar that 'port'`,
    );
  }
  return port;
}
