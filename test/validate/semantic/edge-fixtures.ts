import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { EDGE_RULES } from '#lib/validate/semantic/edge-rules';
import { ObjectReport, type SemanticProblem } from '#lib/validate/semantic/problem';
import { ENVIRONMENT_RULES } from '#lib/validate/semantic/references';

/*
 * A minimal, valid environment behind a GKE Ingress (one Deployment, its Service, a
 * BackendConfig, a FrontendConfig, a ManagedCertificate, an autoscaler, a disruption budget
 * and a ConfigMap) for the Ingress, GKE and reference rules; each test copies it and changes
 * one thing. Written from the Kubernetes and GKE docs, not from construct output.
 */

export type Obj = Record<string, any>;

/** The selector labels, a fresh copy for each use (tests change them in place). */
const labels = () => ({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: 'shop-prod', ...extra });

/** A fresh copy of the valid environment. */
export function environment(): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-prod' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('web-config'),
      data: { 'app.conf': 'listen 8080\n', level: 'info' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', { labels: labels() }),
      spec: {
        replicas: 2,
        selector: { matchLabels: labels() },
        template: {
          metadata: { labels: { ...labels(), 'app.kubernetes.io/version': '1.4.2' } },
          spec: {
            serviceAccountName: 'web',
            containers: [
              {
                name: 'web',
                image: 'europe-docker.pkg.dev/shop/web:1.4.2',
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                env: [
                  {
                    name: 'LOG_LEVEL',
                    valueFrom: { configMapKeyRef: { name: 'web-config', key: 'level' } },
                  },
                  {
                    name: 'DB_URL',
                    valueFrom: { secretKeyRef: { name: 'web-db', key: 'url' } },
                  },
                ],
                readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/web/app.conf', subPath: 'app.conf' },
                ],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web', {
        labels: labels(),
        annotations: {
          'cloud.google.com/neg': '{"ingress": true}',
          'cloud.google.com/backend-config': '{"default":"web"}',
        },
      }),
      spec: {
        type: 'ClusterIP',
        selector: labels(),
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: meta('web'),
      spec: {
        healthCheck: {
          type: 'HTTP',
          requestPath: '/healthz',
          port: 8080,
          checkIntervalSec: 10,
          timeoutSec: 5,
          healthyThreshold: 1,
          unhealthyThreshold: 3,
        },
        connectionDraining: { drainingTimeoutSec: 30 },
      },
    },
    {
      apiVersion: 'networking.gke.io/v1beta1',
      kind: 'FrontendConfig',
      metadata: meta('web-frontend'),
      spec: {
        redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' },
        sslPolicy: 'tls12-modern',
      },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'ManagedCertificate',
      metadata: meta('web-cert'),
      spec: { domains: ['shop.example.com', 'www.shop.example.com'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web', {
        annotations: {
          'kubernetes.io/ingress.class': 'gce',
          'kubernetes.io/ingress.global-static-ip-name': 'shop-prod-web',
          'networking.gke.io/managed-certificates': 'web-cert',
          'networking.gke.io/v1beta1.FrontendConfig': 'web-frontend',
        },
      }),
      spec: {
        rules: ['shop.example.com', 'www.shop.example.com'].map((host) => ({
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        })),
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 6,
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('web'),
      spec: { maxUnavailable: 1, selector: { matchLabels: labels() } },
    },
  ];
}

/** The one object of `kind` called `name` in `objects`. */
export function get(objects: Obj[], kind: string, name = 'web'): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The Deployment's pod spec. */
export function podSpec(objects: Obj[]): Obj {
  return get(objects, 'Deployment').spec.template.spec;
}

/** The Ingress's first path. */
export function firstPath(objects: Obj[]): Obj {
  return get(objects, 'Ingress').spec.rules[0].http.paths[0];
}

/** A path entry of an Ingress rule. */
export function path(
  value: string,
  pathType: string | undefined,
  service = 'web',
  port: Obj = { number: 80 },
): Obj {
  return { path: value, pathType, backend: { service: { name: service, port } } };
}

/**
 * The problems the Ingress, GKE and reference rules (and only those) find, the way
 * `validateSemantics` runs them: per-kind rules in object order, then the environment rules.
 */
export function edgeProblems(objects: readonly Obj[]): SemanticProblem[] {
  const list = objects as readonly KubernetesObject[];
  const reports = new Map<KubernetesObject, ObjectReport>();
  const reportOf = (o: KubernetesObject) => {
    let report = reports.get(o);
    if (!report) reports.set(o, (report = new ObjectReport(o)));
    return report;
  };
  for (const object of list)
    for (const rule of Object.hasOwn(EDGE_RULES, String(object.kind))
      ? EDGE_RULES[String(object.kind)]
      : [])
      rule(object, reportOf(object));
  for (const rule of ENVIRONMENT_RULES) rule(list, reportOf);
  return list.flatMap((o) => reports.get(o)?.problems ?? []);
}

/** `Kind name field: problem`, the line a test compares. */
export function lines(problems: readonly SemanticProblem[]): string[] {
  return problems.map(
    (p) => `${String(p.object.kind)} ${String(p.object.metadata?.name)} ${p.field}: ${p.problem}`,
  );
}

/** One table case: a name, the change, and the exact problem lines expected. */
export interface Case {
  readonly name: string;
  readonly change: (objects: Obj[]) => void;
  readonly expected: readonly string[];
}

/** Runs a table of cases against fresh copies of the environment. */
export function runCases(cases: readonly Case[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('fails: %s', (_name, c) => {
    const objects = environment();
    c.change(objects);
    const problems = edgeProblems(objects);
    expect(lines(problems)).toEqual(c.expected);
    for (const p of problems) {
      expect(p.fix.length).toBeGreaterThan(10);
      expect(p.rule.length).toBeGreaterThan(5);
    }
  });
}

/** Runs a table of legitimate changes that must raise no problem. */
export function runPasses(cases: readonly Omit<Case, 'expected'>[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('passes: %s', (_name, c) => {
    const objects = environment();
    c.change(objects);
    expect(lines(edgeProblems(objects))).toEqual([]);
  });
}
