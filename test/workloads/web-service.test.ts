import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf, podSpec, type TestEnv } from '../support/synth';

const minimal: WebServiceProps<TestEnv> = {
  image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
  port: 8080,
};

function synth(
  props: Partial<WebServiceProps<TestEnv>> = {},
  env: TestEnv = 'prod',
  id = 'web',
): K8sObject[] {
  const chart = chartFor(env);
  new WebService(chart, id, { ...minimal, ...props });
  return objectsOf(chart);
}

const deployment = (objects: K8sObject[], name = 'web') => find(objects, 'Deployment', name);
const container = (objects: K8sObject[], i = 0) => podSpec(deployment(objects)).containers[i];

function expectError(
  props: Partial<WebServiceProps<TestEnv>>,
  message: string | RegExp,
  env: TestEnv = 'prod',
): void {
  expect(() => synth(props, env)).toThrow(message);
}

describe('WebService with minimal props', () => {
  const objects = synth();

  it('emits a Namespace, ServiceAccount, Deployment, Service and PodDisruptionBudget, named after the workload', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/web',
      'NetworkPolicy/web',
      'Deployment/web',
      'Service/web',
      'PodDisruptionBudget/web',
    ]);
  });

  it('labels every object with the recommended labels and the environment', () => {
    expect(deployment(objects).metadata.labels).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'web',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'acme',
      'app.kubernetes.io/managed-by': 'gke-platform',
      environment: 'prod',
    });
  });

  it('selects pods by name and instance only, never by version', () => {
    const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
    expect(deployment(objects).spec.selector.matchLabels).toEqual(selector);
    expect(find(objects, 'Service', 'web').spec.selector).toEqual(selector);
    expect(find(objects, 'PodDisruptionBudget', 'web').spec.selector.matchLabels).toEqual(selector);
  });

  it('hardens the pod and the container', () => {
    const spec = podSpec(deployment(objects));
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.enableServiceLinks).toBe(false);
    expect(container(objects).securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(find(objects, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(false);
  });

  it('sets requests and limits, a writable /tmp and HTTP probes on /healthz', () => {
    const c = container(objects);
    expect(c.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
    expect(c.volumeMounts).toEqual([{ name: 'web-scratch-0', mountPath: '/tmp' }]);
    expect(c.readinessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      failureThreshold: 3,
    });
    expect(c.livenessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 8080 },
      failureThreshold: 6,
    });
    expect(c.startupProbe).toBeUndefined();
    expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  it('runs 2 replicas with a safe rolling update, rollback history and zone spread', () => {
    const spec = deployment(objects).spec;
    expect(spec.replicas).toBe(2);
    expect(spec.revisionHistoryLimit).toBe(5);
    expect(spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    expect(
      spec.template.spec.topologySpreadConstraints.map((t: K8sObject) => t.topologyKey),
    ).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it('exposes a ClusterIP Service on port 80, reachable by DNS at its own name', () => {
    const service = find(objects, 'Service', 'web');
    expect(service.spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    const chart = chartFor('prod');
    expect(new WebService(chart, 'web', minimal).host).toBe('web.acme-prod.svc.cluster.local');
  });
});

describe('WebService props', () => {
  it('name overrides the construct id', () => {
    expect(deployment(synth({ name: 'shop' }), 'shop').metadata.name).toBe('shop');
  });

  it('version sets the version label', () => {
    expect(
      deployment(synth({ version: '2024.1' })).metadata.labels['app.kubernetes.io/version'],
    ).toBe('2024.1');
  });

  it('command, args and env (per environment) reach the container', () => {
    const props = {
      command: ['node'],
      args: ['server.js'],
      env: { MODE: { dev: 'debug', prod: 'quiet' } },
    };
    expect(container(synth(props))).toMatchObject({
      command: ['node'],
      args: ['server.js'],
      env: [{ name: 'MODE', value: 'quiet' }],
    });
    expect(container(synth(props, 'dev')).env).toEqual([{ name: 'MODE', value: 'debug' }]);
  });

  it('secretEnv and configMapEnv reference keys, never values', () => {
    const c = container(
      synth({
        secretEnv: { DB_PASSWORD: { secret: 'db', key: 'password' } },
        configMapEnv: { FLAGS: { configMap: 'flags', key: 'all', optional: true } },
      }),
    );
    expect(c.env).toEqual([
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } },
      },
      {
        name: 'FLAGS',
        valueFrom: { configMapKeyRef: { name: 'flags', key: 'all', optional: true } },
      },
    ]);
  });

  it('allowPlaintextSecrets lets a credential-like literal through, on request', () => {
    expect(
      container(synth({ env: { API_TOKEN: 'x' }, allowPlaintextSecrets: ['env.API_TOKEN'] })).env,
    ).toEqual([{ name: 'API_TOKEN', value: 'x' }]);
  });

  it('configFiles go into a ConfigMap, mounted read-only, and a change rolls the pods', () => {
    const a = synth({ configFiles: { '/etc/app/app.yaml': { dev: 'a: 1', prod: 'a: 2' } } });
    expect(find(a, 'ConfigMap', 'web-config').data).toEqual({ 'web.etc.app.app.yaml': 'a: 2' });
    expect(container(a).volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/etc/app/app.yaml',
      subPath: 'web.etc.app.app.yaml',
      readOnly: true,
    });
    expect(podSpec(deployment(a)).volumes).toContainEqual({
      name: 'config',
      configMap: { name: 'web-config' },
    });
    const b = synth({ configFiles: { '/etc/app/app.yaml': 'a: 3' } });
    const hash = (o: K8sObject[]) =>
      deployment(o).spec.template.metadata.annotations['gke-platform/config-hash'];
    expect(hash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(a)).not.toBe(hash(b));
  });

  it('secretMounts mount existing Secrets read-only', () => {
    const objects = synth({ secretMounts: { '/var/run/creds': 'gcp-creds' } });
    expect(container(objects).volumeMounts).toContainEqual({
      name: 'web-secret-0',
      mountPath: '/var/run/creds',
      readOnly: true,
    });
    expect(podSpec(deployment(objects)).volumes).toContainEqual({
      name: 'web-secret-0',
      secret: { secretName: 'gcp-creds', defaultMode: 0o440 },
    });
  });

  it('scratchPaths replace the default /tmp with writable emptyDirs', () => {
    const objects = synth({ scratchPaths: ['/var/cache/nginx', '/run'] });
    expect(container(objects).volumeMounts.map((m: K8sObject) => m.mountPath)).toEqual([
      '/var/cache/nginx',
      '/run',
    ]);
    expect(podSpec(deployment(objects)).volumes).toEqual([
      { name: 'web-scratch-0', emptyDir: {} },
      { name: 'web-scratch-1', emptyDir: {} },
    ]);
  });

  it('resources are per environment and cpuLimit: false leaves the CPU limit out', () => {
    const resources = {
      dev: { cpu: '50m', memory: '64Mi' },
      prod: { cpu: '1', cpuLimit: false as const, memory: '1Gi', memoryLimit: '2Gi' },
    };
    expect(container(synth({ resources })).resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '2Gi' },
    });
    expect(container(synth({ resources }, 'dev')).resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '100m', memory: '64Mi' },
    });
  });

  it('health sets path, port, timings and a startup probe for slow starters', () => {
    const c = container(
      synth({
        health: {
          path: '/ready',
          port: 9090,
          readiness: { periodSeconds: 5 },
          liveness: { failureThreshold: 10 },
          startupSeconds: 120,
        },
      }),
    );
    expect(c.readinessProbe).toMatchObject({
      httpGet: { path: '/ready', port: 9090 },
      periodSeconds: 5,
    });
    expect(c.livenessProbe).toMatchObject({
      httpGet: { path: '/ready', port: 9090 },
      failureThreshold: 10,
    });
    expect(c.startupProbe).toMatchObject({
      httpGet: { path: '/ready', port: 9090 },
      periodSeconds: 5,
      failureThreshold: 24,
    });
  });

  it('health can be TCP or exec, and liveness can be turned off', () => {
    expect(container(synth({ health: { type: 'tcp', liveness: false } }))).toMatchObject({
      readinessProbe: { tcpSocket: { port: 8080 } },
    });
    expect(
      container(synth({ health: { type: 'tcp', liveness: false } })).livenessProbe,
    ).toBeUndefined();
    expect(
      container(synth({ health: { type: 'exec', command: ['ok'] } })).readinessProbe.exec,
    ).toEqual({ command: ['ok'] });
  });

  it('sidecars run beside the main container with their own ports and probes; initContainers run first', () => {
    const objects = synth({
      sidecars: [{ name: 'app', image: 'app:1.0.0', port: 3000, health: { path: '/up' } }],
      initContainers: [{ name: 'migrate', image: 'app:1.0.0', command: ['rake', 'db:migrate'] }],
    });
    const spec = podSpec(deployment(objects));
    expect(spec.containers.map((c: K8sObject) => c.name)).toEqual(['web', 'app']);
    expect(spec.containers[1]).toMatchObject({
      ports: [{ containerPort: 3000 }],
      readinessProbe: { httpGet: { path: '/up', port: 3000 } },
    });
    expect(spec.initContainers[0]).toMatchObject({
      name: 'migrate',
      command: ['rake', 'db:migrate'],
    });
    expect(spec.initContainers[0].readinessProbe).toBeUndefined();
    expect(spec.initContainers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('replicas are per environment; one replica gets no PodDisruptionBudget', () => {
    const props = { replicas: { dev: 1, prod: 4 } };
    expect(deployment(synth(props)).spec.replicas).toBe(4);
    const dev = synth(props, 'dev');
    expect(deployment(dev).spec.replicas).toBe(1);
    expect(dev.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  it('autoscaling adds an HPA (CPU and memory targets) and leaves replicas to it', () => {
    const objects = synth({
      autoscaling: {
        dev: false,
        prod: { minReplicas: 3, maxReplicas: 9, cpuUtilization: 60, memoryUtilization: 75 },
      },
    });
    expect(deployment(objects).spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'web').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 9,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } },
        },
      ],
    });
    const dev = synth(
      { autoscaling: { dev: false, prod: { minReplicas: 3, maxReplicas: 9 } } },
      'dev',
    );
    expect(dev.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('autoscaling targets 70% CPU when no target is given', () => {
    const hpa = find(
      synth({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }),
      'HorizontalPodAutoscaler',
      'web',
    );
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);
  });

  it('maxSurge and maxUnavailable shape rollouts, not the disruption budget', () => {
    const objects = synth({ maxSurge: 1, maxUnavailable: '50%' });
    expect(deployment(objects).spec.strategy.rollingUpdate).toEqual({
      maxSurge: 1,
      maxUnavailable: '50%',
    });
    expect(find(objects, 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe(1);
  });

  it('disruptionBudget sets the PodDisruptionBudget per environment, or leaves it out', () => {
    const objects = synth({ disruptionBudget: { dev: false, prod: { maxUnavailable: '50%' } } });
    expect(find(objects, 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe('50%');
    const dev = synth({ disruptionBudget: { dev: false, prod: { maxUnavailable: 2 } } }, 'dev');
    expect(dev.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('takes HPA targets above 100% of the request', () => {
    const objects = synth({ autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 150 } });
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'web');
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(150);
  });

  it('revisionHistoryLimit and zoneSpread: false', () => {
    const spec = deployment(synth({ revisionHistoryLimit: 10, zoneSpread: false })).spec;
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  it('service.port and portName set the Service port', () => {
    const service = find(synth({ service: { port: 8443 }, portName: 'grpc' }), 'Service', 'web');
    expect(service.spec.ports).toEqual([
      { name: 'grpc', port: 8443, targetPort: 8080, protocol: 'TCP' },
    ]);
  });

  it('a LoadBalancer Service binds a declared regional static IP by name, internal on request', () => {
    const external = find(
      synth({ service: { type: 'LoadBalancer', staticIp: 'lb', sourceRanges: ['10.0.0.0/8'] } }),
      'Service',
      'web',
    );
    expect(external.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
    });
    expect(external.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-ip-addresses': 'acme-prod-lb',
    });
    const internal = find(
      synth({ service: { type: 'LoadBalancer', staticIp: 'ilb', internal: true } }),
      'Service',
      'web',
    );
    expect(internal.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal',
      'networking.gke.io/load-balancer-ip-addresses': 'acme-prod-ilb',
    });
  });

  it('connections give another service’s DNS name and port as env vars', () => {
    const chart = chartFor('prod');
    const redis = new WebService(chart, 'redis', {
      image: 'redis:7.2.5',
      port: 6379,
      service: { port: 6379 },
      health: { type: 'tcp' },
    });
    new WebService(chart, 'web', { ...minimal, connections: { CACHE: redis } });
    expect(container(objectsOf(chart).filter((o) => o.metadata.name === 'web')).env).toEqual([
      { name: 'CACHE_HOST', value: 'redis.acme-prod.svc.cluster.local' },
      { name: 'CACHE_PORT', value: '6379' },
    ]);
  });

  it('workloadIdentity annotates the ServiceAccount with the GCP service account', () => {
    const sa = find(synth({ workloadIdentity: true }), 'ServiceAccount', 'web');
    expect(sa.metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'web-prod@acme-prod.iam.gserviceaccount.com',
    });
  });

  it('automountServiceAccountToken mounts the token when asked', () => {
    const objects = synth({ automountServiceAccountToken: true });
    expect(podSpec(deployment(objects)).automountServiceAccountToken).toBe(true);
    expect(find(objects, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(true);
  });

  it('runAsUser, runAsGroup, terminationGracePeriodSeconds and podAnnotations reach the pod', () => {
    const template = deployment(
      synth({
        runAsUser: 101,
        runAsGroup: 102,
        terminationGracePeriodSeconds: 60,
        podAnnotations: { 'a.b/c': 'd' },
      }),
    ).spec.template;
    expect(template.spec.securityContext).toMatchObject({
      runAsUser: 101,
      runAsGroup: 102,
      fsGroup: 102,
    });
    expect(template.spec.terminationGracePeriodSeconds).toBe(60);
    expect(template.metadata.annotations).toEqual({ 'a.b/c': 'd' });
  });

  it('allowMutableTag accepts :latest on request', () => {
    expect(container(synth({ image: 'nginx:latest', allowMutableTag: true })).image).toBe(
      'nginx:latest',
    );
  });

  it('placement on a GPU pool adds the nodeSelector, tolerations and nvidia.com/gpu limits', () => {
    const spec = podSpec(deployment(synth({ placement: { gpu: { count: 1 } } })));
    expect(spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' });
    expect(spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
  });
});

describe('WebService errors', () => {
  it('fails on a name that is not a DNS-1123 label', () => {
    expectError(
      { name: 'Web_App' },
      "WebService 'prod/web': 'name' is \"Web_App\", which is not a DNS-1123 label; use at most 52 lower-case letters",
    );
  });

  it('fails on a port out of range', () => {
    expectError(
      { port: 70000 },
      "WebService 'prod/web': 'port' is 70000, which is not a port number; use a whole number from 1 to 65535",
    );
  });

  it('fails on a service port out of range', () => {
    expectError({ service: { port: 0 } }, "'service.port' is 0, which is not a port number");
  });

  it('fails on a port used by two containers of one pod', () => {
    expectError(
      { sidecars: [{ name: 'app', image: 'app:1.0.0', port: 8080 }] },
      "WebService 'prod/web': 'port' 8080 is declared by two containers of one pod; give each container its own port",
    );
  });

  it('fails on two containers with one name', () => {
    expectError(
      { sidecars: [{ name: 'web', image: 'app:1.0.0' }] },
      "'sidecars' has a second container named 'web'",
    );
  });

  it('fails on an untagged image', () => {
    expectError(
      { image: 'europe-docker.pkg.dev/acme-artifacts/apps/web' },
      /'image' is 'europe-docker.pkg.dev\/acme-artifacts\/apps\/web', which has no tag; pin a version/,
    );
  });

  it('fails on a :latest image', () => {
    expectError(
      { image: 'nginx:latest' },
      "'image' is 'nginx:latest', which uses the moving tag 'latest'; pin a version ('nginx:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'",
    );
  });

  it('fails on an untagged sidecar image, naming the sidecar', () => {
    expectError(
      { sidecars: [{ name: 'app', image: 'app' }] },
      "WebService 'prod/web' sidecars 'app': 'image' is 'app', which has no tag",
    );
  });

  it('fails on requests above limits', () => {
    expectError(
      { resources: { cpu: '2', cpuLimit: '1' } },
      "'resources.cpu' ('2') is above 'cpuLimit' ('1'); raise 'cpuLimit', lower 'cpu', or set 'cpuLimit: false'",
    );
    expectError(
      { resources: { memory: '1Gi', memoryLimit: '512Mi' } },
      "'resources.memory' ('1Gi') is above 'memoryLimit' ('512Mi')",
    );
  });

  it('fails on a malformed quantity', () => {
    expectError(
      { resources: { memory: '1GB' } },
      "'resources.memory' is \"1GB\", which is not a memory quantity; write a size with a unit, e.g. '256Mi' or '1Gi'",
    );
  });

  it('fails on HPA min > max, naming the environment', () => {
    expectError(
      { autoscaling: { dev: false, prod: { minReplicas: 5, maxReplicas: 3 } } },
      "WebService 'prod/web': 'autoscaling.minReplicas' (5) is greater than 'maxReplicas' (3); make 'minReplicas' ≤ 'maxReplicas'",
    );
  });

  it('fails on an HPA target that is not a whole percentage', () => {
    expectError(
      { autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 0 } },
      "'autoscaling.cpuUtilization' is 0; use a whole percentage of the request, at least 1",
    );
  });

  it('fails on a rollout that can never progress (maxSurge and maxUnavailable both 0)', () => {
    expectError(
      { maxSurge: 0 },
      "WebService 'prod/web': 'maxSurge' is 0 and 'maxUnavailable' is 0, so a rollout could never replace a pod; let one of them be above 0",
    );
  });

  it('fails on maxUnavailable above 100%', () => {
    expectError({ maxUnavailable: '150%' }, "'maxUnavailable' is '150%'; use at most '100%'");
  });

  it('fails on a disruption budget that blocks every drain', () => {
    expectError(
      { disruptionBudget: { maxUnavailable: 0 } },
      "'disruptionBudget.maxUnavailable' is 0, which would block every node drain and GKE upgrade; allow at least 1",
    );
  });

  it('fails on an unknown static IP, naming the ones that exist', () => {
    expectError(
      { service: { type: 'LoadBalancer', staticIp: 'nope' } },
      "'service.staticIp' is 'nope', but environment 'prod' declares no such static IP; use one of: web (global), lb (regional), ilb (regional)",
    );
  });

  it('fails on a global static IP for a LoadBalancer Service', () => {
    expectError(
      { service: { type: 'LoadBalancer', staticIp: 'web' } },
      "'service.staticIp' is 'web', a global address, but this needs a regional one",
    );
  });

  it('fails on an internal address for an external load balancer', () => {
    expectError(
      { service: { type: 'LoadBalancer', staticIp: 'ilb' } },
      "'service.staticIp' is 'ilb', an internal address, for an external load balancer",
    );
  });

  it('fails on load balancer settings for a ClusterIP Service', () => {
    expectError(
      { service: { staticIp: 'lb' } },
      "'service.type' is 'ClusterIP', but 'staticIp', 'internal' or 'sourceRanges' is set; set 'type: LoadBalancer'",
    );
  });

  it('fails on an unknown node pool, naming the pools that exist', () => {
    expectError(
      { placement: { nodePool: 'gpu' } },
      "WebService 'dev/web': 'placement.nodePool' is 'gpu', but environment 'dev' has no such node pool; use one of general, spot",
      'dev',
    );
  });

  it('fails on a credential in plain text', () => {
    expectError(
      { env: { DB_PASSWORD: 'hunter2' } },
      "'env.DB_PASSWORD' looks like a credential and would be written in plain text to dist/; read it from a Secret with 'secretEnv",
    );
  });

  it('fails on a variable set twice', () => {
    expectError(
      { env: { A: '1' }, secretEnv: { A: { secret: 's', key: 'k' } } },
      "'env.A' sets 'A' twice",
    );
  });

  it('fails on a relative scratch path', () => {
    expectError({ scratchPaths: ['tmp'] }, "'scratchPaths' has path 'tmp'; use an absolute path");
  });

  it('fails on a health path without a leading slash', () => {
    expectError(
      { health: { path: 'healthz' } },
      "'health.path' is 'healthz'; start the path with '/'",
    );
  });

  it('fails on a workload identity the platform does not declare', () => {
    expect(() => synth({ workloadIdentity: true }, 'prod', 'api')).toThrow(
      "WebService 'prod/api': 'workloadIdentity' is 'api', but environment 'prod' declares no such workload identity; use one of: web",
    );
  });

  it('fails on root', () => {
    expectError({ runAsUser: 0 }, "'runAsUser' is 0; run as a non-root UID");
  });

  it('fails on two workloads with one name in an environment', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'a', { ...minimal, name: 'web' });
    expect(() => new WebService(chart, 'b', { ...minimal, name: 'web' })).toThrow(
      "WebService 'prod/b': 'name' 'web' is already used by WebService 'prod/a'",
    );
  });

  it('fails on a connection to another environment', () => {
    const other = new WebService(chartFor('dev'), 'redis', { image: 'redis:7.2.5', port: 6379 });
    expect(
      () => new WebService(chartFor('prod'), 'web', { ...minimal, connections: { REDIS: other } }),
    ).toThrow("'connections.REDIS' is WebService 'dev/redis', which is in another environment");
  });
});

describe('per-environment values', () => {
  it('must name every environment (a compile error otherwise)', () => {
    const chart = chartFor('prod');
    // @ts-expect-error: 'dev' is missing from the per-environment map
    new WebService(chart, 'web', { ...minimal, replicas: { prod: 3 } });
    expect(
      () =>
        // @ts-expect-error: 'staging' is not an environment of this platform
        new WebService(chart, 'web2', { ...minimal, replicas: { dev: 1, prod: 3, staging: 2 } }),
    ).toThrow(
      "WebService 'prod/web2': 'replicas' names 'staging', which is not an environment; give one value for all environments or one for each of dev, prod",
    );
  });
});
