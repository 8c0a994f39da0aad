/**
 * The pod-model props shared by every workload kind (ephemeral storage, /dev/shm, shared
 * volumes, per-container IDs, pod labels, image pull policy, service links): their effect on
 * the pod template of each kind, and the objects still valid on 1.27 and 1.36.
 */
import { CronTask, DaemonAgent, OneOffJob, validateObjects, WebService } from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { PodTemplate } from '#lib/workloads/pod/pod-template';
import type { WorkloadProps } from '#lib/workloads/workload';
import { chartFor, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';
type Props = Partial<WorkloadProps<TestEnv>>;

/** Each kind, made with `props`; returns its pod template and all objects. */
const kinds: Record<string, (props: Props, env?: TestEnv) => K8sObject> = {
  WebService: (props, env = 'prod') => {
    const chart = chartFor(env);
    new WebService(chart, 'app', { image, port: 8080, ...props });
    return { chart, kind: 'Deployment', path: (o: K8sObject) => o.spec.template };
  },
  CronTask: (props, env = 'prod') => {
    const chart = chartFor(env);
    new CronTask(chart, 'app', { image, schedule: '0 3 * * *', ...props });
    return { chart, kind: 'CronJob', path: (o: K8sObject) => o.spec.jobTemplate.spec.template };
  },
  OneOffJob: (props, env = 'prod') => {
    const chart = chartFor(env);
    new OneOffJob(chart, 'app', { image, ...props });
    return { chart, kind: 'Job', path: (o: K8sObject) => o.spec.template };
  },
  DaemonAgent: (props, env = 'prod') => {
    const chart = chartFor(env);
    new DaemonAgent(chart, 'app', { image, ...props });
    return { chart, kind: 'DaemonSet', path: (o: K8sObject) => o.spec.template };
  },
};

function template(kind: string, props: Props, env: TestEnv = 'prod') {
  const made = kinds[kind](props, env);
  const objects = objectsOf(made.chart);
  const controller = objects.find((o) => o.kind === made.kind) as K8sObject;
  expect(validateObjects(objects, ['1.36']).map((p) => p.message)).toEqual([]);
  // Native sidecars (Kubernetes 1.29+) are the one field the 1.27 schema does not know.
  const on127 = validateObjects(objects, ['1.27']).map((p) => p.message);
  expect(
    on127.filter((m) => !/initContainers\[\d+\]\.restartPolicy: unknown field$/.test(m)),
  ).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return made.path(controller) as K8sObject;
}

describe.each(Object.keys(kinds))('%s pod model', (kind) => {
  test('resources.ephemeralStorage: a request, and by default the same limit', () => {
    const t = template(kind, {
      resources: { dev: {}, prod: { ephemeralStorage: '2Gi' } },
    });
    const resources = t.spec.containers[0].resources;
    expect(resources.requests['ephemeral-storage']).toBe('2Gi');
    expect(resources.limits['ephemeral-storage']).toBe('2Gi');
    // Per environment: dev asks for none.
    const dev = template(
      kind,
      { resources: { dev: {}, prod: { ephemeralStorage: '2Gi' } } },
      'dev',
    );
    expect(dev.spec.containers[0].resources.requests['ephemeral-storage']).toBeUndefined();
  });

  test('resources.ephemeralStorageLimit alone: a limit without a request', () => {
    const t = template(kind, { resources: { ephemeralStorageLimit: '4Gi' } });
    const resources = t.spec.containers[0].resources;
    expect(resources.requests['ephemeral-storage']).toBeUndefined();
    expect(resources.limits['ephemeral-storage']).toBe('4Gi');
  });

  test('shmSize: a memory-backed emptyDir of that size at /dev/shm', () => {
    const t = template(kind, {
      shmSize: { dev: '64Mi', prod: '1Gi' },
      resources: { memory: '2Gi' },
    });
    expect(t.spec.volumes).toContainEqual({
      name: 'app-shm',
      emptyDir: { medium: 'Memory', sizeLimit: '1Gi' },
    });
    expect(t.spec.containers[0].volumeMounts).toContainEqual({
      name: 'app-shm',
      mountPath: '/dev/shm',
    });
  });

  test('sharedVolumes and sharedMounts: one emptyDir in the main container and a sidecar', () => {
    const t = template(kind, {
      sharedVolumes: { assets: { sizeLimit: '512Mi' } },
      sharedMounts: { '/app/public/assets': 'assets' },
      sidecars: [
        {
          name: 'nginx',
          image: 'nginxinc/nginx-unprivileged:1.27.0',
          runAsUser: 101,
          runAsGroup: 101,
          sharedMounts: { '/usr/share/nginx/html/assets': { volume: 'assets', readOnly: true } },
        },
      ],
    });
    expect(t.spec.volumes).toContainEqual({ name: 'assets', emptyDir: { sizeLimit: '512Mi' } });
    // Batch kinds run their sidecars as native sidecars (init containers), so that they complete.
    const batch = kind === 'CronTask' || kind === 'OneOffJob';
    const [main, nginx] = batch
      ? [t.spec.containers[0], t.spec.initContainers[0]]
      : t.spec.containers;
    expect(main.volumeMounts).toContainEqual({ name: 'assets', mountPath: '/app/public/assets' });
    expect(nginx.volumeMounts).toContainEqual({
      name: 'assets',
      mountPath: '/usr/share/nginx/html/assets',
      readOnly: true,
    });
    // The sidecar runs as its own non-root user; the main container as the pod's.
    expect(nginx.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 101,
    });
    expect(main.securityContext.runAsUser).toBeUndefined();
    expect(t.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
  });

  test('podLabels: on the pod template beside the library labels, per environment', () => {
    const props: Props = {
      podLabels: { dev: { team: 'shop' }, prod: { team: 'shop', tier: 'gold' } },
    };
    const t = template(kind, props);
    expect(t.metadata.labels).toMatchObject({
      team: 'shop',
      tier: 'gold',
      'app.kubernetes.io/name': 'app',
      'app.kubernetes.io/instance': 'app',
    });
    expect(template(kind, props, 'dev').metadata.labels.tier).toBeUndefined();
  });

  test("imagePullPolicy 'Always' with a mutable tag on purpose", () => {
    const t = template(kind, {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:edge',
      allowMutableTag: true,
      imagePullPolicy: 'Always',
    });
    expect(t.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(template(kind, {}).spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  test('serviceLinks: true turns on enableServiceLinks; off by default', () => {
    expect(template(kind, { serviceLinks: true }).spec.enableServiceLinks).toBe(true);
    expect(template(kind, {}).spec.enableServiceLinks).toBe(false);
  });
});

describe('PodTemplate: the pod built from contributions', () => {
  const container = { name: 'app', image, ports: [{ containerPort: 8080 }] };

  test('renders at synth: what is contributed after the controller took its template is in it', () => {
    const pod = new PodTemplate();
    const lazy = pod.lazy() as unknown as { produce(): { spec: { volumes?: unknown[] } } };
    const main = pod.addContainer(container);
    pod.addVolumes({ name: 'data', emptyDir: {} });
    main.addVolumeMount({ name: 'data', mountPath: '/data' });
    const rendered = lazy.produce();
    expect(rendered.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(pod.render().spec?.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
    ]);
  });

  test('renders fresh objects: a change to one rendering never reaches the next', () => {
    const pod = new PodTemplate();
    pod.addContainer(container);
    pod.addLabels({ app: 'web' });
    const first = pod.render();
    first.metadata!.labels!.app = 'changed';
    first.spec!.containers.push({ name: 'extra' });
    expect(pod.render().metadata?.labels).toEqual({ app: 'web' });
    expect(pod.render().spec?.containers).toHaveLength(1);
  });

  test('HTTPS probes: only the HTTP probes of that container change scheme', () => {
    const pod = new PodTemplate();
    const httpGet = { path: '/healthz', port: 8080 as never, scheme: 'HTTP' };
    pod
      .addContainer({
        ...container,
        readinessProbe: { httpGet },
        livenessProbe: { tcpSocket: httpGet },
      })
      .probeOverTls();
    pod.addContainer({ name: 'sidecar', image, readinessProbe: { httpGet } });
    const [main, sidecar] = pod.render().spec?.containers ?? [];
    expect(main.readinessProbe?.httpGet?.scheme).toBe('HTTPS');
    expect(main.livenessProbe).toEqual({ tcpSocket: httpGet });
    expect(sidecar.readinessProbe?.httpGet?.scheme).toBe('HTTP');
  });

  test('fails when two constructs contribute different values of one field (a library bug)', () => {
    const pod = new PodTemplate();
    pod.set('restartPolicy', 'Never');
    pod.set('restartPolicy', 'Never');
    expect(() => pod.set('restartPolicy', 'OnFailure')).toThrow(
      "pod field 'restartPolicy' is contributed twice",
    );
  });
});
