import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/podmonitoring-monitoring.googleapis.com';
import { checkLabelValue } from '../core/naming';
import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import { checkMetadata, checkUrlPath, type GkeObjectProps } from './common';
import { freeId } from '../core/construct-id';
import { prometheusDurationMs } from '../validate/semantic/gke-pod-monitoring';

/** The upstream CRD's limit on endpoints per PodMonitoring. */
const MAX_ENDPOINTS = 10;

/** A Kubernetes port name (IANA service name): 15 characters at most, with a letter. */
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * One metrics endpoint that Managed Service for Prometheus scrapes on every selected pod.
 * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
 */
export interface PodMonitoringEndpoint {
  /**
   * The container port to scrape, by name (recommended: the `container` label is only set
   * then) or by number.
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly port: string | number;
  /**
   * The HTTP path of the metrics.
   * @default '/metrics'
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly path?: string;
  /**
   * The query of the scrape URL, by parameter; the path cannot carry one.
   * @default none
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly params?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * How often to scrape, as a Prometheus duration. Always written out: the upstream CRD
   * requires it, older schemas default it to 1m.
   * @default '30s'
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly interval?: string;
  /**
   * How long a scrape may take, as a Prometheus duration; at most `interval`.
   * @default - not set: the scrape interval
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly timeout?: string;
  /**
   * The protocol of the scrape.
   * @default - not set: 'http'
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly scheme?: 'http' | 'https';
}

/** Settings of a PodMonitoring. */
export interface PodMonitoringProps extends GkeObjectProps {
  /**
   * The labels of the pods to scrape (`matchLabels`), at least one; use the workload's
   * selector labels.
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The endpoints to scrape on each selected pod, 1 to 10.
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
   */
  readonly endpoints: readonly PodMonitoringEndpoint[];
  /**
   * Pod labels copied onto every scraped series (`targetLabels.fromPod`), e.g. a release
   * track, so that a query can tell the pods' series apart.
   * @default none
   */
  readonly podLabels?: readonly string[];
}

/**
 * A PodMonitoring (monitoring.googleapis.com/v1): tells Google Cloud Managed Service for
 * Prometheus to scrape the metrics endpoints of the selected pods in its namespace.
 *
 * The generated object is `apiObject`, for anything these props do not cover (metric
 * relabeling, target labels, authorization, TLS).
 * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 */
export class PodMonitoring extends Construct {
  /** The generated PodMonitoring object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PodMonitoringProps) {
    super(scope, freeId(scope, id, 'PodMonitoring'));
    const where = `PodMonitoring '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);

    const selector = Object.entries(props.selector ?? {});
    if (selector.length === 0) {
      fail(
        where,
        'selector',
        'is empty, which would scrape every pod in the namespace',
        "give the workload's selector labels (e.g. { 'app.kubernetes.io/name': 'web' })",
      );
    }
    for (const [key, value] of selector) {
      checkLabelValue(where, `selector.${key}`, value);
    }

    const endpoints = props.endpoints ?? [];
    if (endpoints.length === 0 || endpoints.length > MAX_ENDPOINTS) {
      fail(
        where,
        'endpoints',
        `has ${endpoints.length} entries`,
        `give 1 to ${MAX_ENDPOINTS} endpoints to scrape`,
      );
    }

    this.apiObject = new imported.PodMonitoring(this, 'Resource', {
      metadata,
      spec: {
        selector: { matchLabels: Object.fromEntries(selector) },
        endpoints: endpoints.map((e, i) => endpointSpec(where, `endpoints[${i}]`, e)),
        targetLabels: props.podLabels?.length
          ? { fromPod: props.podLabels.map((from) => ({ from })) }
          : undefined,
      },
    });
    this.name = this.apiObject.name;
  }
}

function endpointSpec(
  where: string,
  at: string,
  endpoint: PodMonitoringEndpoint,
): imported.PodMonitoringSpecEndpoints {
  const interval = endpoint.interval ?? '30s';
  const intervalMs = durationMs(where, `${at}.interval`, interval);
  if (endpoint.timeout !== undefined) {
    const timeoutMs = durationMs(where, `${at}.timeout`, endpoint.timeout);
    if (timeoutMs > intervalMs) {
      fail(
        where,
        `${at}.timeout`,
        `(${endpoint.timeout}) is longer than the interval (${interval})`,
        'make the scrape timeout at most the scrape interval',
      );
    }
  }
  if (endpoint.scheme !== undefined)
    checkOneOf(where, `${at}.scheme`, endpoint.scheme, ['http', 'https']);
  return {
    port: portOf(where, `${at}.port`, endpoint.port),
    path: checkUrlPath(where, `${at}.path`, endpoint.path ?? '/metrics'),
    params: paramsOf(where, `${at}.params`, endpoint.params),
    interval,
    timeout: endpoint.timeout,
    scheme: endpoint.scheme,
  };
}

/** The query parameters as the CRD takes them (each a list of values). */
function paramsOf(
  where: string,
  prop: string,
  params: PodMonitoringEndpoint['params'],
): Record<string, string[]> | undefined {
  if (params === undefined) return undefined;
  const entries = Object.entries(params).map(([key, value]): [string, string[]] => {
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : [];
    if (key === '' || values.length === 0 || values.some((v) => typeof v !== 'string'))
      fail(
        where,
        `${prop}.${key}`,
        `is ${JSON.stringify(value)}`,
        "give a parameter name and its value or values as strings, e.g. { format: 'prometheus' }",
      );
    return [key, values];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function portOf(
  where: string,
  prop: string,
  port: string | number,
): imported.PodMonitoringSpecEndpointsPort {
  if (typeof port === 'number') {
    return imported.PodMonitoringSpecEndpointsPort.fromNumber(
      checkWholeNumber(where, prop, port, 1, 65535),
    );
  }
  if (
    typeof port !== 'string' ||
    port.length > 15 ||
    !PORT_NAME.test(port) ||
    !/[a-z]/.test(port) ||
    port.includes('--')
  ) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(port)}, which is neither a port number nor a port name`,
      "give the container port's name (at most 15 lower-case letters, digits and '-', e.g. 'metrics') or its number",
    );
  }
  return imported.PodMonitoringSpecEndpointsPort.fromString(port);
}

/** The length of a Prometheus duration in milliseconds; fails on a malformed or zero one. */
function durationMs(where: string, prop: string, duration: string): number {
  const ms = prometheusDurationMs(duration) ?? 0;
  if (ms <= 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(duration)}, which is not a positive Prometheus duration`,
      "use a number with a unit, largest unit first, such as '30s', '1m30s' or '500ms'",
    );
  }
  return ms;
}
