import { type AutoscalingMetric, validateObjects, WebService, Worker } from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { chartFor, find, type K8sObject, objectsOf } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/orders:2.0.1';

/** A Worker scaled on `metrics` in prod, checked by the schemas and the semantic rules. */
function scaled(metrics: readonly AutoscalingMetric[], cpuUtilization?: number): K8sObject[] {
  const chart = chartFor('prod');
  new Worker(chart, 'orders', {
    image,
    autoscaling: { minReplicas: 1, maxReplicas: 20, cpuUtilization, metrics },
  });
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return objects;
}

const BACKLOG = 'pubsub.googleapis.com|subscription|num_undelivered_messages';

describe('autoscaling on custom and external metrics', () => {
  test('a Pub/Sub backlog: an External metric per pod, no CPU target, replicas left to the HPA', () => {
    const objects = scaled([
      {
        type: 'external',
        metric: BACKLOG,
        selector: { 'resource.labels.subscription_id': 'orders' },
        averageValue: 30,
      },
    ]);
    // As in GKE's Pub/Sub sample: AverageValue of the subscription's backlog per pod.
    expect(find(objects, 'HorizontalPodAutoscaler', 'orders').spec.metrics).toEqual([
      {
        type: 'External',
        external: {
          metric: {
            name: BACKLOG,
            selector: { matchLabels: { 'resource.labels.subscription_id': 'orders' } },
          },
          target: { type: 'AverageValue', averageValue: 30 },
        },
      },
    ]);
    expect(find(objects, 'Deployment', 'orders').spec.replicas).toBeUndefined();
  });

  test('a Managed Prometheus metric of the pods beside an explicit CPU target', () => {
    const objects = scaled(
      [{ type: 'pods', metric: 'prometheus.googleapis.com|queue_depth|gauge', averageValue: '20' }],
      80,
    );
    expect(find(objects, 'HorizontalPodAutoscaler', 'orders').spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'prometheus.googleapis.com|queue_depth|gauge' },
          target: { type: 'AverageValue', averageValue: '20' },
        },
      },
    ]);
  });

  test('an Object metric: a value of the described object as a whole', () => {
    const objects = scaled([
      {
        type: 'object',
        metric: 'requests-per-second',
        describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
        value: '2k',
      },
    ]);
    expect(find(objects, 'HorizontalPodAutoscaler', 'orders').spec.metrics).toEqual([
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
          metric: { name: 'requests-per-second' },
          target: { type: 'Value', value: '2k' },
        },
      },
    ]);
  });

  const where = "WebService 'prod/orders'";
  test.each<[string, AutoscalingMetric, string]>([
    [
      "a Cloud Monitoring metric type written with '/'",
      {
        type: 'external',
        metric: 'pubsub.googleapis.com/subscription/num_undelivered_messages',
        averageValue: 30,
      },
      `${where}: 'autoscaling.metrics[0].metric' is 'pubsub.googleapis.com/subscription/num_undelivered_messages', with '/', which a metric name may not contain; write Cloud Monitoring's metric type with '|' for '/': '${BACKLOG}'`,
    ],
    [
      'an External metric with both value and averageValue',
      { type: 'external', metric: BACKLOG, value: 100, averageValue: 30 },
      `${where}: 'autoscaling.metrics[0].value' is set next to averageValue; give 'value' (the metric as a whole) or 'averageValue' (per pod), not both`,
    ],
    [
      'an External metric without a target',
      { type: 'external', metric: BACKLOG },
      "'autoscaling.metrics[0].value' is missing, and so is averageValue",
    ],
    [
      'a Pods metric without averageValue',
      { type: 'pods', metric: 'x' } as unknown as AutoscalingMetric,
      "'autoscaling.metrics[0].averageValue' is missing; give the target average per pod",
    ],
    [
      'a target of 0',
      { type: 'pods', metric: 'x', averageValue: 0 },
      "'autoscaling.metrics[0].averageValue' is 0; give a positive quantity",
    ],
    [
      'an Object metric without the object',
      {
        type: 'object',
        metric: 'x',
        describedObject: { kind: 'Ingress' },
        value: 1,
      } as unknown as AutoscalingMetric,
      "'autoscaling.metrics[0].describedObject.name' is missing",
    ],
    [
      'a metric type the HPA does not have',
      { type: 'resource', metric: 'x' } as unknown as AutoscalingMetric,
      `'autoscaling.metrics[0].type' is "resource"; use 'external', 'pods' or 'object'`,
    ],
  ])('fails for %s', (_, metric, message) => {
    expect(
      () =>
        new WebService(chartFor('prod'), 'orders', {
          image,
          port: 8080,
          autoscaling: { minReplicas: 1, maxReplicas: 5, metrics: [metric] },
        }),
    ).toThrow(message);
  });
});
