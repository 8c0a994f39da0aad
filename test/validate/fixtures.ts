/** Hand-written objects for the validator tests; each test copies and changes one. */

/** A hardened pod spec: non-root, read-only, no escalation, capabilities dropped. */
export function hardenedPodSpec(): Record<string, unknown> {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    automountServiceAccountToken: false,
    priorityClassName: 'web',
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web' } },
      },
    ],
    containers: [
      {
        name: 'web',
        image: 'europe-docker.pkg.dev/shop-artifacts/web:1.4.2',
        imagePullPolicy: 'Always',
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        resources: {
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: 1, memory: '512Mi' },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        },
      },
    ],
  };
}

/** A valid, hardened Deployment `shop-prod/web`. */
export function deployment(podSpec = hardenedPodSpec()): Record<string, unknown> {
  const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop-prod', labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec },
    },
  };
}

/** The Deployment's first container, for tests that change it. */
export function firstContainer(obj: Record<string, unknown>): Record<string, unknown> {
  const spec = (obj.spec as { template: { spec: { containers: Record<string, unknown>[] } } })
    .template.spec;
  return spec.containers[0];
}

/** A valid GKE BackendConfig with a health check. */
export function backendConfig(): Record<string, unknown> {
  return {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    metadata: { name: 'web', namespace: 'shop-prod' },
    spec: {
      healthCheck: { type: 'HTTP', requestPath: '/healthz', port: 8080, checkIntervalSec: 15 },
      timeoutSec: 30,
    },
  };
}

/**
 * A NetworkPolicy `shop-prod/<name>` that Polaris's missingNetworkPolicy accepts for the
 * pods labelled `app.kubernetes.io/instance: <name>`: one matching label, ingress and egress.
 */
export function networkPolicy(name = 'web'): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop-prod' },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': name } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 8080 }] }],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
    },
  };
}
