import { type Case, FIXTURES, make, type Pass, problems, runCases, runPasses } from './fixtures';

describe('the fixtures', () => {
  it.each(Object.keys(FIXTURES))('a minimal %s has no problem', (kind) => {
    expect(problems(make(kind))).toEqual([]);
  });
});

// ValidateObjectMeta (k8s.io/apimachinery/pkg/api/validation/objectmeta.go) with the name
// rule that each kind's ValidateX passes to it.
describe('ObjectMeta', () => {
  const labelFix = (o: any, key: string, value: unknown) => (o.metadata.labels[key] = value);
  runCases([
    [
      'a Service named 3d-render (DNS-1035)',
      'Service',
      (o) => (o.metadata.name = '3d-render'),
      'metadata.name',
      'is "3d-render", which is not a DNS-1035 label',
      'ValidateServiceName',
    ],
    [
      'a Deployment with an upper-case name',
      'Deployment',
      (o) => (o.metadata.name = 'Web'),
      'metadata.name',
      'is "Web", which is not a DNS-1123 subdomain',
      'ValidateDeploymentName',
    ],
    [
      'a Namespace with a dot',
      'Namespace',
      (o) => (o.metadata.name = 'acme.prod'),
      'metadata.name',
      `is "acme.prod", which is not a DNS-1123 label (it has '.')`,
      'ValidateNamespaceName',
    ],
    [
      'a StatefulSet with a dot (pods are named <name>-<ordinal>)',
      'StatefulSet',
      (o) => (o.metadata.name = 'db.main'),
      'metadata.name',
      `is "db.main", which is not a DNS-1123 label (it has '.')`,
      'ValidateStatefulSetName',
    ],
    [
      'a ConfigMap of 254 characters',
      'ConfigMap',
      (o) => (o.metadata.name = `${'a.'.repeat(126)}ab`),
      'metadata.name',
      `is "${'a.'.repeat(126)}ab", which is longer than 253 characters`,
      'ValidateConfigMapName',
    ],
    [
      'a Role with a /',
      'Role',
      (o) => (o.metadata.name = 'team/reader'),
      'metadata.name',
      `is "team/reader", which contains '/' or '%'`,
      'ValidateRBACName',
    ],
    [
      'a PodDisruptionBudget named ..',
      'PodDisruptionBudget',
      (o) => (o.metadata.name = '..'),
      'metadata.name',
      `is "..", which is '..'`,
      'ValidatePathSegmentName',
    ],
    [
      'a custom resource with an underscore',
      'ConfigMap',
      (o) => ((o.kind = 'BackendConfig'), (o.metadata.name = 'web_config')),
      'metadata.name',
      'is "web_config", which is not a DNS-1123 subdomain',
      'NameIsDNSSubdomain',
    ],
    [
      'a missing name',
      'ServiceAccount',
      (o) => delete o.metadata.name,
      'metadata.name',
      'is missing',
      'ValidateObjectMeta',
    ],
    [
      'a namespace that is no DNS label',
      'ConfigMap',
      (o) => (o.metadata.namespace = 'Acme_Prod'),
      'metadata.namespace',
      'is "Acme_Prod", which is not a DNS-1123 label',
      'ValidateNamespaceName',
    ],
    [
      'a namespaced kind without a namespace',
      'Deployment',
      (o) => delete o.metadata.namespace,
      'metadata.namespace',
      'is missing, so kubectl would create the object in the namespace of its current context',
      'requiresNamespace',
    ],
    [
      'a namespace on a ClusterRole',
      'ClusterRole',
      (o) => (o.metadata.namespace = 'acme-prod'),
      'metadata.namespace',
      'is "acme-prod" on a ClusterRole, which has no namespace, so the API server drops it',
      'rest.BeforeCreate',
    ],
    [
      'a label value with a +',
      'Deployment',
      (o) => labelFix(o, 'app.kubernetes.io/version', '1.0.0+build.5'),
      'metadata.labels["app.kubernetes.io/version"]',
      'is "1.0.0+build.5", which is not a valid label value',
      'ValidateLabels',
    ],
    [
      'a label value of 64 characters',
      'Service',
      (o) => labelFix(o, 'team', 'a'.repeat(64)),
      'metadata.labels["team"]',
      `is "${'a'.repeat(64)}", which is longer than 63 characters`,
      'ValidateLabels',
    ],
    [
      'a label value that is no string',
      'Service',
      (o) => labelFix(o, 'replicas', 3),
      'metadata.labels["replicas"]',
      'is 3, not a string',
      'ValidateLabels',
    ],
    [
      'a label key with a space',
      'Service',
      (o) => labelFix(o, 'my team', 'a'),
      'metadata.labels',
      'has the key "my team", which is not a qualified name',
      'ValidateLabels',
    ],
    [
      'a label key with two slashes',
      'Service',
      (o) => labelFix(o, 'a.io/b/c', 'a'),
      'metadata.labels',
      `has the key "a.io/b/c", which has more than one '/'`,
      'ValidateLabels',
    ],
    [
      'an annotation key with a space',
      'Service',
      (o) => (o.metadata.annotations = { 'my note': 'x' }),
      'metadata.annotations',
      'has the key "my note", which is not a qualified name',
      'ValidateAnnotations',
    ],
    [
      'annotations over 256 KiB',
      'ConfigMap',
      (o) => (o.metadata.annotations = { note: 'x'.repeat(256 * 1024) }),
      'metadata.annotations',
      'total 262148 bytes, more than the 262144 bytes (256 KiB) one object may carry',
      'TotalAnnotationSizeLimitB',
    ],
    [
      'annotations over 256 KiB counted in UTF-8 bytes',
      'ConfigMap',
      (o) => (o.metadata.annotations = { n: 'é'.repeat(131072) }),
      'metadata.annotations',
      'total 262145 bytes, more than the 262144 bytes (256 KiB) one object may carry',
      'TotalAnnotationSizeLimitB',
    ],
  ] satisfies Case[]);

  runPasses([
    [
      'a Secret named web.tls (a DNS-1123 subdomain)',
      'Secret',
      (o) => (o.metadata.name = 'web.tls'),
    ],
    [
      'a Deployment named 3d-render (only Services need DNS-1035)',
      'Deployment',
      (o) => (o.metadata.name = '3d-render'),
    ],
    ['an RBAC name with a colon', 'ClusterRole', (o) => (o.metadata.name = 'system:acme:reader')],
    [
      'upper-case annotation keys (compared in lower case)',
      'Service',
      (o) => (o.metadata.annotations = { 'Example.COM/Note': 'x' }),
    ],
    [
      'annotations of exactly 256 KiB',
      'ConfigMap',
      (o) => (o.metadata.annotations = { note: 'x'.repeat(256 * 1024 - 4) }),
    ],
    ['an empty label value', 'Service', (o) => (o.metadata.labels.tier = '')],
    [
      'a label value with dots and underscores',
      'Service',
      (o) => (o.metadata.labels['app.kubernetes.io/version'] = '1.0.0_rc.1'),
    ],
    ['a Service named 63 characters', 'Service', (o) => (o.metadata.name = `a${'b'.repeat(62)}`)],
  ] satisfies Pass[]);
});

// ValidateNamespace and ValidateServiceAccount (pkg/apis/core/validation).
describe('Namespace and ServiceAccount', () => {
  runCases([
    [
      'a Namespace finalizer that is neither standard nor prefixed',
      'Namespace',
      (o) => (o.spec = { finalizers: ['cleanup'] }),
      'spec.finalizers[0]',
      `is "cleanup", neither the standard 'kubernetes' nor prefixed`,
      'validateKubeFinalizerName',
    ],
    [
      'a Namespace finalizer with a space',
      'Namespace',
      (o) => (o.spec = { finalizers: ['example.com/a b'] }),
      'spec.finalizers[0]',
      'is "example.com/a b", which is not a qualified name',
      'validateFinalizerName',
    ],
    [
      'a ServiceAccount pull secret named Registry_Creds',
      'ServiceAccount',
      (o) => (o.imagePullSecrets = [{ name: 'Registry_Creds' }]),
      'imagePullSecrets[0].name',
      'is "Registry_Creds", which is not a DNS-1123 subdomain',
      'ValidateSecretName',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      "the standard 'kubernetes' finalizer",
      'Namespace',
      (o) => (o.spec = { finalizers: ['kubernetes'] }),
    ],
    [
      'a ServiceAccount with a pull secret and the Workload Identity annotation',
      'ServiceAccount',
      (o) => (
        (o.imagePullSecrets = [{ name: 'registry.creds' }]),
        (o.metadata.annotations = {
          'iam.gke.io/gcp-service-account': 'web@acme-prod.iam.gserviceaccount.com',
        }),
        (o.automountServiceAccountToken = false)
      ),
    ],
  ] satisfies Pass[]);
});
