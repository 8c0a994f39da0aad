import { fail } from '../../core/errors';
import { checkFormat, isValidPathSegmentName } from '../../core/apimachinery';
import { parseQuantity, signOf } from '../../core/quantity';
import { k8s } from '../chart/kube';

/**
 * A metric of Cloud Monitoring to scale on, beside CPU and memory: what GKE's Custom Metrics
 * Stackdriver Adapter serves to the HorizontalPodAutoscaler (the adapter must run in the
 * cluster). Metric names are Cloud Monitoring metric types with '|' for '/':
 * `pubsub.googleapis.com|subscription|num_undelivered_messages`, or for a Managed Prometheus
 * metric `prometheus.googleapis.com|<metric>|gauge`.
 * - `external`: a metric of something outside the cluster (a Pub/Sub subscription's
 *   backlog); a `value` for the whole metric, or an `averageValue` per pod.
 * - `pods`: a metric the pods themselves report; the `averageValue` per pod.
 * - `object`: a metric of one Kubernetes object (`describedObject`); a `value`, or an
 *   `averageValue` per pod.
 * @see https://cloud.google.com/kubernetes-engine/docs/tutorials/autoscaling-metrics
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/#autoscaling-on-multiple-metrics-and-custom-metrics
 */
export type AutoscalingMetric = ExternalMetric | PodsMetric | ObjectMetric;

/** What every custom or external metric names: the metric and, optionally, its series. */
export interface CustomMetricIdentity {
  /** The metric's name, e.g. `pubsub.googleapis.com|subscription|num_undelivered_messages`. */
  readonly metric: string;
  /**
   * Labels the metric's time series must carry, e.g.
   * `{ 'resource.labels.subscription_id': 'orders' }`. @default every series of the metric
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** A metric of something outside the cluster, e.g. a Pub/Sub subscription's backlog. */
export interface ExternalMetric extends CustomMetricIdentity {
  /** An External metric of the HPA. */
  readonly type: 'external';
  /** The target of the metric as a whole (give this or `averageValue`). */
  readonly value?: string | number;
  /** The target of the metric divided by the number of pods (give this or `value`). */
  readonly averageValue?: string | number;
}

/** A metric that each pod reports, averaged over the pods. */
export interface PodsMetric extends CustomMetricIdentity {
  /** A Pods metric of the HPA. */
  readonly type: 'pods';
  /** The target average per pod. */
  readonly averageValue: string | number;
}

/** A metric of one Kubernetes object (e.g. an Ingress's request rate). */
export interface ObjectMetric extends CustomMetricIdentity {
  /** An Object metric of the HPA. */
  readonly type: 'object';
  /** The object the metric describes. */
  readonly describedObject: {
    readonly apiVersion?: string;
    readonly kind: string;
    readonly name: string;
  };
  /** The target of the metric (give this or `averageValue`). */
  readonly value?: string | number;
  /** The target of the metric divided by the number of pods (give this or `value`). */
  readonly averageValue?: string | number;
}

/** validateMetricIdentifier: a name the API server takes as a path segment. */
function checkName(where: string, prop: string, name: unknown): string {
  if (typeof name !== 'string' || name === '')
    fail(
      where,
      prop,
      'is missing',
      "name the metric, e.g. 'pubsub.googleapis.com|subscription|num_undelivered_messages'",
    );
  if (name.includes('/'))
    fail(
      where,
      prop,
      `is '${name}', with '/', which a metric name may not contain`,
      `write Cloud Monitoring's metric type with '|' for '/': '${name.replace(/\//g, '|')}'`,
    );
  return checkFormat(where, prop, name, isValidPathSegmentName);
}

/** validateMetricTarget: a positive quantity. */
function quantity(where: string, prop: string, value: string | number): k8s.Quantity {
  const q = parseQuantity(value);
  if (!q || signOf(q) !== 1)
    fail(where, prop, `is ${JSON.stringify(value)}`, "give a positive quantity, e.g. 30 or '500m'");
  return typeof value === 'number'
    ? k8s.Quantity.fromNumber(value)
    : k8s.Quantity.fromString(value);
}

/** One of `value` and `averageValue`, exactly (validateExternalSource, validateObjectSource). */
function valueTarget(
  where: string,
  at: string,
  m: ExternalMetric | ObjectMetric,
): k8s.MetricTargetV2 {
  if ((m.value === undefined) === (m.averageValue === undefined))
    fail(
      where,
      `${at}.value`,
      m.value === undefined ? 'is missing, and so is averageValue' : 'is set next to averageValue',
      "give 'value' (the metric as a whole) or 'averageValue' (per pod), not both",
    );
  return m.value !== undefined
    ? { type: 'Value', value: quantity(where, `${at}.value`, m.value) }
    : {
        type: 'AverageValue',
        averageValue: quantity(where, `${at}.averageValue`, m.averageValue as string),
      };
}

function identifier(where: string, at: string, m: CustomMetricIdentity): k8s.MetricIdentifierV2 {
  const name = checkName(where, `${at}.metric`, m.metric);
  return {
    name,
    selector: m.selector === undefined ? undefined : { matchLabels: { ...m.selector } },
  };
}

/** The HPA metric of one custom or external metric, checked as the API server would. */
export function renderAutoscalingMetric(
  where: string,
  at: string,
  m: AutoscalingMetric,
): k8s.MetricSpecV2 {
  switch (m?.type) {
    case 'external':
      return {
        type: 'External',
        external: { metric: identifier(where, at, m), target: valueTarget(where, at, m) },
      };
    case 'pods':
      if (m.averageValue === undefined)
        fail(where, `${at}.averageValue`, 'is missing', 'give the target average per pod');
      return {
        type: 'Pods',
        pods: {
          metric: identifier(where, at, m),
          target: {
            type: 'AverageValue',
            averageValue: quantity(where, `${at}.averageValue`, m.averageValue),
          },
        },
      };
    case 'object': {
      const d = m.describedObject;
      // ValidateCrossVersionObjectReference: a kind and a name, each a path segment.
      for (const field of ['kind', 'name'] as const) {
        if (!d?.[field])
          fail(where, `${at}.describedObject.${field}`, 'is missing', `give the object's ${field}`);
        checkFormat(where, `${at}.describedObject.${field}`, d[field], isValidPathSegmentName);
      }
      return {
        type: 'Object',
        object: {
          describedObject: { apiVersion: d.apiVersion, kind: d.kind, name: d.name },
          metric: identifier(where, at, m),
          target: valueTarget(where, at, m),
        },
      };
    }
    default:
      return fail(
        where,
        `${at}.type`,
        `is ${JSON.stringify((m as { type?: unknown })?.type)}`,
        "use 'external', 'pods' or 'object'",
      );
  }
}
