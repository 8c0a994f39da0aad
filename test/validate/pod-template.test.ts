import { podTemplateOf } from '#lib/k8s/pod-template';

/*
 * The one place that knows where a controller keeps its pod template; the semantic rules'
 * index, Polaris's pod parts and the Pulumi side's manifest checks all ask it.
 */
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };

describe('podTemplateOf', () => {
  test.each([
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'ReplicaSet',
    'ReplicationController',
    'Job',
  ])('spec.template of a %s', (kind) => {
    expect(podTemplateOf({ kind, spec: { template } })).toEqual({ template, at: 'spec.template' });
  });

  test("a CronJob's spec.jobTemplate.spec.template", () => {
    const cronJob = { kind: 'CronJob', spec: { jobTemplate: { spec: { template } } } };
    expect(podTemplateOf(cronJob)).toEqual({ template, at: 'spec.jobTemplate.spec.template' });
  });

  test('a Pod is its own template', () => {
    const pod = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } };
    expect(podTemplateOf(pod)).toEqual({ template: pod, at: '' });
  });

  test('none for kinds that run no pods, or custom ones', () => {
    expect(podTemplateOf({ kind: 'Service', spec: { template } })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Rollout', spec: { template } })).toBeUndefined();
    expect(podTemplateOf({ spec: { template } })).toBeUndefined();
  });

  test('none where a step of the path is not an object (unchecked input)', () => {
    expect(podTemplateOf({ kind: 'Deployment' })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Deployment', spec: { template: [template] } })).toBeUndefined();
    expect(podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: 'x' } })).toBeUndefined();
  });
});
