import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { CORE_RULES, METADATA_RULES } from '#lib/validate/semantic/core-rules';
import { ObjectReport, type SemanticProblem } from '#lib/validate/semantic/problem';

/** Minimal valid objects of every kind; each case copies one and changes one thing. */

export type Obj = Record<string, any>;

const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

/** A small valid pod spec: one container with a named port and an HTTP readiness probe. */
export function podSpec(): Obj {
  return {
    containers: [
      {
        name: 'web',
        image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

const meta = (name: string) => ({ name, namespace: 'acme-prod', labels: { ...labels } });

export const FIXTURES: Readonly<Record<string, () => Obj>> = {
  Namespace: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme-prod' } }),
  ServiceAccount: () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') }),
  ConfigMap: () => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('web-config'),
    data: { 'app.conf': 'listen 8080' },
  }),
  Secret: () => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('web.tls'),
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' },
  }),
  Service: () => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web'),
    spec: {
      type: 'ClusterIP',
      selector: { ...labels },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  }),
  EndpointSlice: () => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'db-1',
      namespace: 'acme-prod',
      labels: { ...labels, 'kubernetes.io/service-name': 'db' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.20.0.3'] }],
    ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
  }),
  Deployment: () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...labels } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { ...labels } }, spec: podSpec() },
    },
  }),
  DaemonSet: () => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('agent'),
    spec: {
      selector: { matchLabels: { ...labels } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels: { ...labels } }, spec: podSpec() },
    },
  }),
  StatefulSet: () => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('db'),
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          ...podSpec(),
          containers: [
            { ...podSpec().containers[0], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      ],
    },
  }),
  Job: () => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('migrate'),
    spec: {
      backoffLimit: 2,
      template: {
        metadata: { labels: { ...labels } },
        spec: { ...podSpec(), restartPolicy: 'Never' },
      },
    },
  }),
  CronJob: () => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('fetch-rates'),
    spec: {
      schedule: '0 */3 * * *',
      timeZone: 'Asia/Tokyo',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: {
            metadata: { labels: { ...labels } },
            spec: { ...podSpec(), restartPolicy: 'OnFailure' },
          },
        },
      },
    },
  }),
  PodDisruptionBudget: () => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('web'),
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...labels } } },
  }),
  HorizontalPodAutoscaler: () => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('web'),
    spec: {
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  }),
  Role: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('reader'),
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  }),
  ClusterRole: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'acme-prod-reader' },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ],
  }),
  RoleBinding: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('reader'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'web' }],
  }),
  ClusterRoleBinding: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'acme-prod-reader' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'acme-prod-reader',
    },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'acme-prod' }],
  }),
};

/** A fresh copy of the fixture of `kind`, changed by `change`. */
export function make(kind: string, change: (o: Obj) => void = () => {}): Obj {
  const object = FIXTURES[kind]();
  change(object);
  return object;
}

/** The pod spec inside a fixture (template of a workload, jobTemplate of a CronJob). */
export function pod(o: Obj): Obj {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

/** The first container of a workload fixture. */
export function container(o: Obj): Obj {
  return pod(o).containers[0];
}

/**
 * The problems that the API server's rules (metadata and per kind, without the Ingress, GKE
 * and cross-reference rules, which have tests of their own) find in `objects`.
 */
function coreProblems(objects: readonly Obj[]): SemanticProblem[] {
  return (objects as KubernetesObject[]).flatMap((object) => {
    const report = new ObjectReport(object);
    for (const rule of METADATA_RULES) rule(object, report);
    const kind = String(object.kind);
    for (const rule of Object.hasOwn(CORE_RULES, kind) ? CORE_RULES[kind] : [])
      rule(object, report);
    return report.problems;
  });
}

/** `[field, problem]` of every problem found in `objects`. */
export function problems(...objects: Obj[]): [string, string][] {
  return coreProblems(objects).map((p) => [p.field, p.problem]);
}

/** The problems found in `objects`, with their rules. */
export function details(...objects: Obj[]) {
  return coreProblems(objects).map((p) => ({
    field: p.field,
    problem: p.problem,
    fix: p.fix,
    rule: p.rule,
  }));
}

/** One bad-input case: a fixture kind, a change, the field and problem expected, and the rule. */
export type Case = [
  description: string,
  kind: string,
  change: (o: Obj) => void,
  field: string,
  problem: string,
  rule: string,
];

/** Runs a table of bad-input cases: each yields the problem (and the rule) expected. */
export function runCases(cases: readonly Case[]): void {
  it.each(cases)('fails on %s', (_description, kind, change, field, problem, rule) => {
    const found = details(make(kind, change));
    expect(found.map((p) => [p.field, p.problem])).toContainEqual([field, problem]);
    expect(found.find((p) => p.field === field && p.problem === problem)?.rule).toContain(rule);
  });
}

/** One legitimate input that must pass: a fixture kind and a change. */
export type Pass = [description: string, kind: string, change: (o: Obj) => void];

/** Runs a table of legitimate edge inputs: none yields a problem. */
export function runPasses(cases: readonly Pass[]): void {
  it.each(cases)('accepts %s', (_description, kind, change) => {
    expect(problems(make(kind, change))).toEqual([]);
  });
}
