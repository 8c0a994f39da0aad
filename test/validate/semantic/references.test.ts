import {
  edgeProblems,
  firstPath,
  get,
  podSpec,
  runCases,
  runPasses,
  type Obj,
} from './edge-fixtures';

/*
 * Cross-references within one environment: every name one object gives another resolves,
 * and to something that fits (a declared port, an existing key).
 */

const SVC = 'Service web';
const BC_ANNOTATION = 'metadata.annotations["cloud.google.com/backend-config"]';
const container = (o: Obj[]) => podSpec(o).containers[0];

/** A second, internal Ingress in front of the same Service. */
function internalIngress(objects: Obj[]): Obj {
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'web-internal',
      namespace: 'shop-prod',
      annotations: {
        'kubernetes.io/ingress.class': 'gce-internal',
        'kubernetes.io/ingress.regional-static-ip-name': 'shop-prod-ilb',
      },
    },
    spec: {
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
  objects.push(ingress);
  return ingress;
}

describe('Service → pod templates', () => {
  runCases([
    {
      name: 'a selector that matches no pod template (a typo)',
      change: (o) => (get(o, 'Service').spec.selector['app.kubernetes.io/name'] = 'wbe'),
      expected: [
        `${SVC} spec.selector: is {"app.kubernetes.io/name":"wbe","app.kubernetes.io/instance":"web"}, which selects no pod template of a Deployment, StatefulSet or DaemonSet of the environment: the Service would have no endpoints`,
      ],
    },
    {
      name: 'a selector that only a CronJob template matches',
      change: (o) => {
        const deployment = get(o, 'Deployment');
        o.splice(o.indexOf(deployment), 1, {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'web', namespace: 'shop-prod' },
          spec: {
            schedule: '@hourly',
            jobTemplate: { spec: { template: deployment.spec.template } },
          },
        });
        get(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind = 'CronJob';
      },
      expected: [
        `${SVC} spec.selector: is {"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web"}, which selects no pod template of a Deployment, StatefulSet or DaemonSet of the environment: the Service would have no endpoints`,
      ],
    },
    {
      name: 'a target port no container declares',
      change: (o) => (get(o, 'Service').spec.ports[0].targetPort = 8081),
      expected: [
        `${SVC} spec.ports[0].targetPort: is 8081, but no container of Deployment "web" declares that port`,
      ],
    },
    {
      name: 'a target port name no container has',
      change: (o) => (get(o, 'Service').spec.ports[0].targetPort = 'web'),
      expected: [
        `${SVC} spec.ports[0].targetPort: is "web", but no container of Deployment "web" has a port of that name, so its pods are no endpoints`,
      ],
    },
    {
      name: 'no target port, and a Service port the container does not listen on',
      change: (o) => delete get(o, 'Service').spec.ports[0].targetPort,
      expected: [
        `${SVC} spec.ports[0].targetPort: is 80, but no container of Deployment "web" declares that port`,
      ],
    },
  ]);
  runPasses([
    {
      name: 'a target port by name',
      change: (o) => (get(o, 'Service').spec.ports[0].targetPort = 'http'),
    },
    {
      name: 'a port declared by a native sidecar (init container with restartPolicy Always)',
      change: (o) => {
        get(o, 'Service').spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090 });
        podSpec(o).initContainers = [
          {
            name: 'exporter',
            image: 'exporter:1.0.0',
            restartPolicy: 'Always',
            ports: [{ containerPort: 9090 }],
          },
        ];
      },
    },
    {
      name: 'a Service without a selector (endpoints managed by hand)',
      change: (o) => delete get(o, 'Service').spec.selector,
    },
    {
      name: 'an ExternalName Service',
      change: (o) => {
        const ingress = get(o, 'Ingress');
        o.splice(o.indexOf(ingress), 1);
        get(o, 'Service').spec = { type: 'ExternalName', externalName: 'db.example.com' };
      },
    },
  ]);
});

describe('Ingress → Services, FrontendConfig, ManagedCertificates, static IP', () => {
  const P = 'Ingress web spec.rules[0].http.paths[0].backend';
  runCases([
    {
      name: 'a backend Service the environment does not have',
      change: (o) => (firstPath(o).backend.service.name = 'shop'),
      expected: [`${P}.service.name: is "shop", which is not a Service of the environment`],
    },
    {
      name: 'the container port instead of the Service port',
      change: (o) => (firstPath(o).backend.service.port = { number: 8080 }),
      expected: [`${P}.service.port.number: is 8080, but Service "web" has no port numbered so`],
    },
    {
      name: 'a port name the Service does not have',
      change: (o) => (firstPath(o).backend.service.port = { name: 'web' }),
      expected: [`${P}.service.port.name: is "web", but Service "web" has no port named so`],
    },
    {
      name: 'a ClusterIP backend without NEG (translator.maybeEnableNEG)',
      change: (o) => delete get(o, 'Service').metadata.annotations['cloud.google.com/neg'],
      expected: [
        `${P}.service.name: is "web", a ClusterIP Service without container-native load balancing, which ingress-gce refuses as a backend`,
      ],
    },
    {
      name: 'a NEG annotation that is not JSON',
      change: (o) =>
        (get(o, 'Service').metadata.annotations['cloud.google.com/neg'] = '{ingress: true}'),
      expected: [
        `${SVC} metadata.annotations["cloud.google.com/neg"]: is "{ingress: true}", which is not valid JSON`,
      ],
    },
    {
      name: 'a FrontendConfig the environment does not have',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['networking.gke.io/v1beta1.FrontendConfig'] =
          'web-fe'),
      expected: [
        'Ingress web metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"]: is "web-fe", which is not a FrontendConfig of the environment',
      ],
    },
    {
      name: 'a ManagedCertificate the environment does not have',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['networking.gke.io/managed-certificates'] =
          'web-cert,api-cert'),
      expected: [
        'Ingress web metadata.annotations["networking.gke.io/managed-certificates"]: names "api-cert", which is not a ManagedCertificate of the environment: no certificate of the list is attached',
      ],
    },
    {
      name: 'two Ingresses naming one global static IP',
      change: (o) => {
        const copy = structuredClone(get(o, 'Ingress'));
        copy.metadata.name = 'web-2';
        o.push(copy);
      },
      expected: [
        'Ingress web-2 metadata.annotations["kubernetes.io/ingress.global-static-ip-name"]: is "shop-prod-web", which Ingress "web" also uses: one address takes one load balancer, so the second is refused',
      ],
    },
  ]);
  runPasses([
    {
      name: 'one Service behind two Ingresses, one external and one internal',
      change: (o) => internalIngress(o),
    },
    {
      name: 'a NodePort backend without NEG',
      change: (o) => {
        const service = get(o, 'Service');
        delete service.metadata.annotations['cloud.google.com/neg'];
        service.spec.type = 'NodePort';
      },
    },
    {
      name: 'a backend port by name',
      change: (o) => (firstPath(o).backend.service.port = { name: 'http' }),
    },
    {
      name: 'a ClusterIP Service without NEG behind an nginx Ingress (not GKE)',
      change: (o) => {
        delete get(o, 'Service').metadata.annotations['cloud.google.com/neg'];
        const ingress = get(o, 'Ingress');
        ingress.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
      },
    },
  ]);
});

describe('Service → BackendConfig', () => {
  const annotate = (o: Obj[], value: string) =>
    (get(o, 'Service').metadata.annotations['cloud.google.com/backend-config'] = value);
  runCases([
    {
      name: 'an annotation that is not JSON',
      change: (o) => annotate(o, "{'default':'web'}"),
      expected: [
        `${SVC} ${BC_ANNOTATION}: is "{'default':'web'}", which is not valid JSON of the form {"default": NAME} or {"ports": {PORT: NAME}}`,
      ],
    },
    {
      name: 'an annotation that names nothing',
      change: (o) => annotate(o, '{}'),
      expected: [`${SVC} ${BC_ANNOTATION}: is "{}", which names no BackendConfig`],
    },
    {
      name: 'a BackendConfig the environment does not have',
      change: (o) => annotate(o, '{"default":"web-backend"}'),
      expected: [
        `${SVC} ${BC_ANNOTATION}: names BackendConfig "web-backend", which is not in the environment: ingress-gce reports "no BackendConfig for service port exists" and the backend keeps GKE's defaults`,
      ],
    },
    {
      name: 'a port key the Service does not have',
      change: (o) => annotate(o, '{"ports":{"https":"web"}}'),
      expected: [
        `${SVC} ${BC_ANNOTATION}: keys port "https", which is neither the name nor the number of a port of the Service`,
      ],
    },
    {
      name: 'the beta annotation naming a missing BackendConfig',
      change: (o) => {
        const a = get(o, 'Service').metadata.annotations;
        delete a['cloud.google.com/backend-config'];
        a['beta.cloud.google.com/backend-config'] = '{"default":"old"}';
      },
      expected: [
        `${SVC} metadata.annotations["beta.cloud.google.com/backend-config"]: names BackendConfig "old", which is not in the environment: ingress-gce reports "no BackendConfig for service port exists" and the backend keeps GKE's defaults`,
      ],
    },
    {
      name: 'a health check on a port no container declares (the dead-port pitfall)',
      change: (o) => (get(o, 'BackendConfig').spec.healthCheck.port = 9090),
      expected: [
        'BackendConfig web spec.healthCheck.port: is 9090, but no container of Deployment "web" (behind Service "web") declares that port: the load balancer checks the pods on it, and every backend stays UNHEALTHY',
      ],
    },
    {
      name: 'a dead health check port behind an internal Ingress, without the NEG annotation',
      change: (o) => {
        get(o, 'BackendConfig').spec.healthCheck.port = 9090;
        const service = get(o, 'Service');
        delete service.metadata.annotations['cloud.google.com/neg'];
        service.spec.type = 'NodePort';
        const external = get(o, 'Ingress');
        o.splice(o.indexOf(external), 1);
        internalIngress(o);
      },
      expected: [
        'BackendConfig web spec.healthCheck.port: is 9090, but no container of Deployment "web" (behind Service "web") declares that port: the load balancer checks the pods on it, and every backend stays UNHEALTHY',
      ],
    },
    {
      name: 'Cloud CDN on the backend of an internal Ingress',
      change: (o) => {
        internalIngress(o);
        get(o, 'BackendConfig').spec.cdn = { enabled: true };
      },
      expected: [
        'BackendConfig web spec.cdn.enabled: is set, but Service "web" is a backend of the gce-internal Ingress "web-internal", and internal load balancers have no Cloud CDN',
      ],
    },
    {
      name: 'a Cloud Armor policy on the backend of an internal Ingress',
      change: (o) => {
        internalIngress(o);
        get(o, 'BackendConfig').spec.securityPolicy = { name: 'edge-policy' };
      },
      expected: [
        'BackendConfig web spec.securityPolicy: is set, but Service "web" is a backend of the gce-internal Ingress "web-internal", and internal load balancers have no Cloud Armor security policies',
      ],
    },
  ]);
  runPasses([
    { name: 'BackendConfig by port name', change: (o) => annotate(o, '{"ports":{"http":"web"}}') },
    { name: 'BackendConfig by port number', change: (o) => annotate(o, '{"ports":{"80":"web"}}') },
    {
      name: 'Cloud CDN on the backend of an external Ingress',
      change: (o) => (get(o, 'BackendConfig').spec.cdn = { enabled: true }),
    },
    {
      name: 'a health check port for instance groups (NodePort, no NEG, external Ingress)',
      change: (o) => {
        get(o, 'BackendConfig').spec.healthCheck.port = 30080;
        const service = get(o, 'Service');
        delete service.metadata.annotations['cloud.google.com/neg'];
        service.spec.type = 'NodePort';
      },
    },
    {
      name: 'a health check with no port (the serving port)',
      change: (o) => delete get(o, 'BackendConfig').spec.healthCheck.port,
    },
  ]);
});

describe('workload references', () => {
  const D = 'Deployment web spec.template.spec';
  runCases([
    {
      name: 'an autoscaler aimed at a Deployment that does not exist',
      change: (o) => (get(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'wbe'),
      expected: [
        'HorizontalPodAutoscaler web spec.scaleTargetRef.name: is "wbe", but the environment has no Deployment of that name: the autoscaler scales nothing',
      ],
    },
    {
      name: 'a disruption budget that selects no pod',
      change: (o) =>
        (get(o, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'wbe'),
      expected: [
        'PodDisruptionBudget web spec.selector: is {"matchLabels":{"app.kubernetes.io/name":"wbe","app.kubernetes.io/instance":"web"}}, which selects no pod template of the environment: the budget protects nothing',
      ],
    },
    {
      name: 'a disruption budget without a selector',
      change: (o) => delete get(o, 'PodDisruptionBudget').spec.selector,
      expected: ['PodDisruptionBudget web spec.selector: is missing, so the budget selects no pod'],
    },
    {
      name: 'a disruption budget whose expression excludes every pod',
      change: (o) =>
        (get(o, 'PodDisruptionBudget').spec.selector = {
          matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['web'] }],
        }),
      expected: [
        'PodDisruptionBudget web spec.selector: is {"matchExpressions":[{"key":"app.kubernetes.io/name","operator":"NotIn","values":["web"]}]}, which selects no pod template of the environment: the budget protects nothing',
      ],
    },
    {
      name: 'a ServiceAccount the environment does not have',
      change: (o) => (podSpec(o).serviceAccountName = 'web-sa'),
      expected: [
        `${D}.serviceAccountName: is "web-sa", which is not a ServiceAccount of the environment: the pods are refused until it exists`,
      ],
    },
    {
      name: 'an env key the ConfigMap does not have',
      change: (o) => (container(o).env[0].valueFrom.configMapKeyRef.key = 'log-level'),
      expected: [
        `${D}.containers[0].env[0].valueFrom.configMapKeyRef.key: is "log-level", but ConfigMap "web-config" has no such key: the container cannot start (CreateContainerConfigError)`,
      ],
    },
    {
      name: 'a subPath mount of a key the ConfigMap does not have',
      change: (o) => (container(o).volumeMounts[0].subPath = 'app.cfg'),
      expected: [
        `${D}.containers[0].volumeMounts[0].subPath: is "app.cfg", but ConfigMap "web-config" has no such key: the mount fails and the container cannot start`,
      ],
    },
    {
      name: 'a volume item whose key the ConfigMap does not have',
      change: (o) =>
        (podSpec(o).volumes[0].configMap.items = [{ key: 'nginx.conf', path: 'app.conf' }]),
      expected: [
        `${D}.volumes[0].configMap.items[0].key: is "nginx.conf", but ConfigMap "web-config" has no such key: the pods cannot start`,
      ],
    },
    {
      name: 'a secret key that a Secret of the environment does not have',
      change: (o) =>
        o.push({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'web-db', namespace: 'shop-prod' },
          stringData: { password: 'x' },
        }),
      expected: [
        `${D}.containers[0].env[1].valueFrom.secretKeyRef.key: is "url", but Secret "web-db" has no such key: the container cannot start (CreateContainerConfigError)`,
      ],
    },
  ]);
  runPasses([
    {
      name: 'the default ServiceAccount',
      change: (o) => (podSpec(o).serviceAccountName = 'default'),
    },
    {
      name: 'a Secret the environment does not define (users create their own)',
      change: (o) => (container(o).env[1].valueFrom.secretKeyRef.name = 'another-secret'),
    },
    {
      name: 'an optional key',
      change: (o) =>
        (container(o).env[0].valueFrom.configMapKeyRef = {
          name: 'web-config',
          key: 'missing',
          optional: true,
        }),
    },
    {
      name: 'a subPath through volume items',
      change: (o) => {
        podSpec(o).volumes[0].configMap.items = [{ key: 'app.conf', path: 'conf/app.conf' }];
        container(o).volumeMounts[0].subPath = 'conf/app.conf';
      },
    },
    {
      name: 'a disruption budget with an In expression',
      change: (o) =>
        (get(o, 'PodDisruptionBudget').spec.selector = {
          matchExpressions: [
            { key: 'app.kubernetes.io/name', operator: 'In', values: ['api', 'web'] },
          ],
        }),
    },
    {
      name: 'an autoscaler of a custom resource the environment does not define',
      change: (o) =>
        (get(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef = {
          apiVersion: 'example.com/v1',
          kind: 'Worker',
          name: 'w',
        }),
    },
  ]);
});

describe('namespaces and names', () => {
  runCases([
    {
      name: 'an object in another namespace',
      change: (o) => (get(o, 'ConfigMap', 'web-config').metadata.namespace = 'shop-dev'),
      expected: [
        'ConfigMap web-config metadata.namespace: is "shop-dev", but the environment\'s objects are in "shop-prod" (its Namespace object)',
      ],
    },
    {
      name: 'an object without a namespace beside a Namespace object',
      change: (o) => delete get(o, 'ConfigMap', 'web-config').metadata.namespace,
      expected: [
        'ConfigMap web-config metadata.namespace: is missing, so kubectl puts the object in its current namespace rather than "shop-prod"',
      ],
    },
    {
      name: 'a second Namespace',
      change: (o) =>
        o.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-dev' } }),
      expected: [
        'Namespace shop-dev metadata.name: is "shop-dev", a second Namespace in one environment (the first is "shop-prod")',
      ],
    },
    {
      name: 'two ConfigMaps of one name',
      change: (o) => o.push(structuredClone(get(o, 'ConfigMap', 'web-config'))),
      expected: [
        'ConfigMap web-config metadata.name: is "web-config", like an earlier ConfigMap of the environment: applying both keeps only the last',
      ],
    },
  ]);
  runPasses([
    {
      name: 'cluster-scoped objects without a namespace',
      change: (o) =>
        o.push({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'shop-prod-reader' },
          rules: [],
        }),
    },
    {
      name: 'objects without any namespace and without a Namespace object',
      change: (o) => {
        o.splice(0, 1);
        for (const object of o) delete object.metadata.namespace;
      },
    },
    {
      name: 'one name for objects of different kinds (Deployment, Service, … "web")',
      change: () => undefined,
    },
  ]);
});

describe('odd input', () => {
  test('objects of the wrong shape are reported or skipped, never thrown on', () => {
    const odd: Obj[] = [
      { kind: 'Ingress' },
      {
        kind: 'Ingress',
        metadata: null,
        spec: { rules: [null, { http: { paths: [null, 7] } }], tls: 'x' },
      },
      {
        kind: 'Service',
        metadata: { name: 'a', annotations: { 'cloud.google.com/backend-config': 'null' } },
        spec: 'x',
      },
      {
        kind: 'Service',
        metadata: { name: 'b' },
        spec: { selector: { constructor: 'x' }, ports: [null] },
      },
      {
        kind: 'Deployment',
        metadata: { name: 'c' },
        spec: { template: { spec: { containers: 'x', volumes: [null] } } },
      },
      { kind: 'CronJob', metadata: { name: 'd' }, spec: { jobTemplate: null } },
      {
        kind: 'BackendConfig',
        metadata: { name: 'e' },
        spec: { healthCheck: [], sessionAffinity: 'x' },
      },
      { kind: 'ManagedCertificate', spec: { domains: 'x' } },
      {
        kind: 'PodDisruptionBudget',
        metadata: { name: 'f' },
        spec: { selector: { matchExpressions: [null] } },
      },
      {
        kind: 'HorizontalPodAutoscaler',
        spec: { scaleTargetRef: { kind: 'constructor', name: 'x' } },
      },
      { kind: 'constructor', metadata: { name: 'toString' } },
    ];
    expect(() => edgeProblems(odd)).not.toThrow();
  });
});
