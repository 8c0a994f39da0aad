import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { PlatformError } from '#lib/core/errors';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { StatefulService, type StatefulServiceProps } from '#lib/workloads/stateful-service';
import { WebService } from '#lib/workloads/web-service';
import {
  chartFor,
  find,
  type K8sObject,
  objectsOf,
  SPOT_TOLERATION,
  type TestEnv,
} from '../support/synth';

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/redis:7.2.5';
const KUBECTL = 'europe-docker.pkg.dev/acme-artifacts/jobs/kubectl:1.31.0';

const minimal: StatefulServiceProps<TestEnv> = { image: IMAGE, port: 6379 };

function synth(props: Partial<StatefulServiceProps<TestEnv>> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const service = new StatefulService(chart, 'redis', { ...minimal, ...props });
  return { objects: objectsOf(chart), service };
}
const objectsWith = (props: Partial<StatefulServiceProps<TestEnv>>, env: TestEnv = 'prod') =>
  synth(props, env).objects;

const set = (objects: K8sObject[]) => find(objects, 'StatefulSet', 'redis');
const pod = (objects: K8sObject[]) => set(objects).spec.template.spec;
const main = (objects: K8sObject[]) => pod(objects).containers[0];
const expectError = (
  props: Partial<StatefulServiceProps<TestEnv>>,
  message: string | RegExp,
  env: TestEnv = 'prod',
) => expect(() => synth(props, env)).toThrow(message);

const SELECTOR = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'redis' };
const WHERE = "StatefulService 'prod/redis'";

/** A platform whose pools pin machine series and zones, for the disk and zone checks. */
function chartOf(pools: Record<string, object>): EnvironmentChart<'prod'> {
  const platform = definePlatform({
    name: 'acme',
    registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
    environments: { prod: { project: 'acme-prod', nodePools: pools as never } },
  });
  return new EnvironmentChart(new App(), { platform, environment: 'prod' });
}

describe('StatefulService with minimal props', () => {
  const { objects, service } = synth();

  it('emits a StatefulSet, a headless Service named like it and a client Service', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/redis',
      'NetworkPolicy/redis',
      'StatefulSet/redis',
      'Service/redis',
      'Service/redis-client',
    ]);
  });

  it('names the headless Service in serviceName, so pods are <name>-<i>.<name>.<namespace>', () => {
    expect(set(objects).spec.serviceName).toBe('redis');
    const headless = find(objects, 'Service', 'redis');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(service.podHost(0)).toBe('redis-0.redis.acme-prod.svc.cluster.local');
  });

  it('gives clients the ClusterIP Service, which routes to Ready pods only', () => {
    const client = find(objects, 'Service', 'redis-client');
    expect(client.spec.type).toBe('ClusterIP');
    expect(client.spec.publishNotReadyAddresses).toBeUndefined();
    expect(client.spec.selector).toEqual(SELECTOR);
    expect(client.spec.ports).toEqual([
      { name: 'tcp', port: 6379, targetPort: 6379, protocol: 'TCP' },
    ]);
    expect(service.host).toBe('redis-client.acme-prod.svc.cluster.local');
  });

  it('runs one pod, ordered, rolling from partition 0, keeping claims on delete and scale-down', () => {
    expect(set(objects).spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 5,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      selector: { matchLabels: SELECTOR },
    });
    expect(set(objects).spec.volumeClaimTemplates).toBeUndefined();
  });

  it('has no PodDisruptionBudget for a single pod', () => {
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  it('hardens the pod, gives 60 s to flush and changes volume ownership only when needed', () => {
    expect(pod(objects).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod(objects).terminationGracePeriodSeconds).toBe(60);
    expect(main(objects).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('checks health over TCP on the port by default', () => {
    expect(main(objects).readinessProbe.tcpSocket).toEqual({ port: 6379 });
    expect(main(objects).livenessProbe.tcpSocket).toEqual({ port: 6379 });
  });

  it('requires the zone spread (a zonal disk stays where its pod first ran) and prefers the node spread', () => {
    expect(pod(objects).topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: SELECTOR },
      },
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: SELECTOR },
      },
    ]);
  });

  it('emits no StorageClass without volumes', () => {
    expect(objects.some((o) => o.kind === 'StorageClass')).toBe(false);
  });
});

describe('StatefulService volumes', () => {
  const objects = objectsWith({
    volumes: {
      '/data': { size: { dev: '10Gi', prod: '50Gi' }, class: 'ssd' },
      '/var/lib/redis/aof': { size: '20Gi', claimName: 'aof', reclaimPolicy: 'Delete' },
    },
    configFiles: { '/etc/redis/redis.conf': 'appendonly yes\n' },
  });

  it('becomes claim templates named after the path (or claimName), with stable labels only', () => {
    expect(set(objects).spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: SELECTOR },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'acme-pd-ssd',
          resources: { requests: { storage: '50Gi' } },
        },
      },
      {
        metadata: { name: 'aof', labels: SELECTOR },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'acme-pd-balanced-delete',
          resources: { requests: { storage: '20Gi' } },
        },
      },
    ]);
  });

  it('derives a claim name from every segment of the path', () => {
    const o = objectsWith({ volumes: { '/var/lib/mysql': { size: '10Gi' } } });
    expect(set(o).spec.volumeClaimTemplates[0].metadata.name).toBe('var-lib-mysql');
  });

  it('takes the size of the environment', () => {
    const dev = objectsWith(
      { volumes: { '/data': { size: { dev: '10Gi', prod: '50Gi' } } } },
      'dev',
    );
    expect(set(dev).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  it('mounts the disks writable on the main container, beside its config files', () => {
    expect(main(objects).volumeMounts).toEqual([
      { name: 'redis-scratch-0', mountPath: '/tmp' },
      {
        name: 'config',
        mountPath: '/etc/redis/redis.conf',
        subPath: 'redis.etc.redis.redis.conf',
        readOnly: true,
      },
      { name: 'data', mountPath: '/data' },
      { name: 'aof', mountPath: '/var/lib/redis/aof' },
    ]);
    expect(main(objects).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('emits each StorageClass once: PD CSI, WaitForFirstConsumer, expandable, Retain by default', () => {
    const classes = objects.filter((o) => o.kind === 'StorageClass');
    expect(classes).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: 'acme-pd-ssd',
          labels: {
            'app.kubernetes.io/part-of': 'acme',
            'app.kubernetes.io/managed-by': 'gke-platform',
          },
        },
        provisioner: 'pd.csi.storage.gke.io',
        parameters: { type: 'pd-ssd' },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      },
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'acme-pd-balanced-delete' }),
        parameters: { type: 'pd-balanced' },
        reclaimPolicy: 'Delete',
      }),
    ]);
  });

  it('shares a StorageClass between workloads of the environment', () => {
    const chart = chartFor('prod');
    for (const id of ['a', 'b'])
      new StatefulService(chart, id, { ...minimal, volumes: { '/data': { size: '10Gi' } } });
    const classes = objectsOf(chart).filter((o) => o.kind === 'StorageClass');
    expect(classes.map((o) => o.metadata.name)).toEqual(['acme-pd-balanced']);
  });

  it('maps each class to its Compute Engine disk type', () => {
    const typeOf = (c: 'balanced' | 'standard') =>
      objectsWith({ volumes: { '/data': { size: '200Gi', class: c } } }).find(
        (o) => o.kind === 'StorageClass',
      )?.parameters.type;
    expect(typeOf('balanced')).toBe('pd-balanced');
    expect(typeOf('standard')).toBe('pd-standard');
  });

  it('makes a regional disk a regional-pd class of its own', () => {
    const o = objectsWith({ volumes: { '/data': { size: '10Gi', regional: true } } });
    const sc = find(o, 'StorageClass', 'acme-pd-balanced-regional');
    expect(sc.parameters).toEqual({ type: 'pd-balanced', 'replication-type': 'regional-pd' });
    expect(set(o).spec.volumeClaimTemplates[0].spec.storageClassName).toBe(
      'acme-pd-balanced-regional',
    );
  });
});

describe('StatefulService props', () => {
  it('replicas (per environment), with a PodDisruptionBudget above one pod', () => {
    const props = { replicas: { dev: 1, prod: 3 } };
    const prod = objectsWith(props);
    expect(set(prod).spec.replicas).toBe(3);
    expect(find(prod, 'PodDisruptionBudget', 'redis').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: SELECTOR },
    });
    expect(set(objectsWith(props, 'dev')).spec.replicas).toBe(1);
  });

  it('disruptionBudget: a percentage, or false for none', () => {
    const pct = objectsWith({ replicas: 4, disruptionBudget: { maxUnavailable: '50%' } });
    expect(find(pct, 'PodDisruptionBudget', 'redis').spec.maxUnavailable).toBe('50%');
    const none = objectsWith({ replicas: 4, disruptionBudget: false });
    expect(none.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  it('servicePort changes both Services, not the container', () => {
    const o = objectsWith({ servicePort: 16379 });
    for (const name of ['redis', 'redis-client'])
      expect(find(o, 'Service', name).spec.ports[0]).toMatchObject({
        port: 16379,
        targetPort: 6379,
      });
    expect(main(o).ports[0].containerPort).toBe(6379);
  });

  it('portName names the port everywhere', () => {
    const o = objectsWith({ portName: 'redis' });
    expect(main(o).ports[0].name).toBe('redis');
    expect(find(o, 'Service', 'redis-client').spec.ports[0].name).toBe('redis');
  });

  it('health: an exec check instead of TCP', () => {
    const o = objectsWith({ health: { type: 'exec', command: ['redis-cli', 'ping'] } });
    expect(main(o).readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
  });

  it('podManagementPolicy Parallel', () => {
    expect(set(objectsWith({ podManagementPolicy: 'Parallel' })).spec.podManagementPolicy).toBe(
      'Parallel',
    );
  });

  it('partition per environment', () => {
    const props = { replicas: 3, partition: { dev: 0, prod: 2 } };
    expect(set(objectsWith(props)).spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 2 },
    });
    expect(set(objectsWith(props, 'dev')).spec.updateStrategy.rollingUpdate.partition).toBe(0);
  });

  it('updateStrategy OnDelete', () => {
    expect(set(objectsWith({ updateStrategy: 'OnDelete' })).spec.updateStrategy).toEqual({
      type: 'OnDelete',
    });
  });

  it('claimRetention: delete claims when asked', () => {
    const o = objectsWith({ claimRetention: { whenScaled: 'Delete' } });
    expect(set(o).spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Delete',
    });
  });

  it('zoneSpread: preferred, a larger skew, minZones, or none', () => {
    const preferred = objectsWith({ zoneSpread: { required: false, maxSkew: 2 } });
    expect(pod(preferred).topologySpreadConstraints[0]).toMatchObject({
      maxSkew: 2,
      whenUnsatisfiable: 'ScheduleAnyway',
    });
    const min = objectsWith({ zoneSpread: { minZones: 3 } });
    expect(pod(min).topologySpreadConstraints[0]).toMatchObject({
      minDomains: 3,
      whenUnsatisfiable: 'DoNotSchedule',
    });
    expect(pod(objectsWith({ zoneSpread: false })).topologySpreadConstraints).toBeUndefined();
  });

  it('publishNotReadyAddresses false', () => {
    const o = objectsWith({ publishNotReadyAddresses: false });
    expect(find(o, 'Service', 'redis').spec.publishNotReadyAddresses).toBe(false);
  });

  it('revisionHistoryLimit', () => {
    expect(set(objectsWith({ revisionHistoryLimit: 2 })).spec.revisionHistoryLimit).toBe(2);
  });

  it('terminationGracePeriodSeconds, and 25 s by default on Spot nodes', () => {
    expect(
      pod(objectsWith({ terminationGracePeriodSeconds: 120 })).terminationGracePeriodSeconds,
    ).toBe(120);
    const spot = objectsWith({ placement: { spot: true } });
    expect(pod(spot).terminationGracePeriodSeconds).toBe(25);
    expect(pod(spot).tolerations).toEqual([SPOT_TOLERATION]);
  });

  it('is a connection target: clients get its client host and port, and only they get in', () => {
    const chart = chartFor('prod');
    const redis = new StatefulService(chart, 'redis', { ...minimal, portName: 'redis' });
    new WebService(chart, 'web', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0',
      port: 8080,
      connections: { REDIS: redis },
    });
    const objects = objectsOf(chart);
    const web = find(objects, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(web.env).toEqual([
      { name: 'REDIS_HOST', value: 'redis-client.acme-prod.svc.cluster.local' },
      { name: 'REDIS_PORT', value: '6379' },
    ]);
    expect(find(objects, 'NetworkPolicy', 'redis').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' },
            },
          },
        ],
        ports: [{ port: 6379, protocol: 'TCP' }],
      },
    ]);
    // With a client, the StatefulSet no longer needs Polaris's exemption for closed pods.
    expect(set(objects).metadata.annotations).toBeUndefined();
  });

  it('connections: its own, with env and an egress rule', () => {
    const chart = chartFor('prod');
    const api = new WebService(chart, 'api', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0',
      port: 8080,
    });
    new StatefulService(chart, 'redis', { ...minimal, connections: { API: api } });
    const objects = objectsOf(chart);
    expect(main(objects).env).toEqual([
      { name: 'API_HOST', value: 'api.acme-prod.svc.cluster.local' },
      { name: 'API_PORT', value: '80' },
    ]);
    expect(find(objects, 'NetworkPolicy', 'redis').spec.egress).toContainEqual({
      to: [
        {
          podSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
          },
        },
      ],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });
});

describe('StatefulService on the shared pod model', () => {
  it('takes sidecars, init containers, Workload Identity and secret references like every workload', () => {
    const chart = chartFor('prod');
    new StatefulService(chart, 'web', {
      ...minimal,
      workloadIdentity: true,
      secretEnv: { REDIS_PASSWORD: { secret: 'redis-auth', key: 'password' } },
      volumes: { '/data': { size: '10Gi' } },
      sidecars: [
        {
          name: 'exporter',
          image: 'europe-docker.pkg.dev/acme-artifacts/apps/redis-exporter:1.62.0',
          port: 9121,
          health: false,
        },
      ],
      initContainers: [{ name: 'init', image: IMAGE, command: ['/app/migrate'] }],
    });
    const objects = objectsOf(chart);
    const spec = find(objects, 'StatefulSet', 'web').spec.template.spec;
    expect(find(objects, 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'web-prod@acme-prod.iam.gserviceaccount.com',
    });
    expect(spec.containers.map((c: K8sObject) => c.name)).toEqual(['web', 'exporter']);
    expect(spec.initContainers.map((c: K8sObject) => c.name)).toEqual(['init']);
    expect(spec.containers[0].env).toEqual([
      {
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password', optional: false } },
      },
    ]);
    // Only the main container mounts the disks.
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(
      [...spec.containers.slice(1), ...spec.initContainers].flatMap((c: K8sObject) =>
        (c.volumeMounts ?? []).map((m: K8sObject) => m.name),
      ),
    ).not.toContain('data');
  });
});

describe('StatefulService snapshots', () => {
  const objects = objectsWith({
    replicas: 2,
    volumes: { '/data': { size: '10Gi' } },
    snapshots: { image: KUBECTL, schedule: '0 3 * * *', timeZone: 'Europe/Berlin', keep: 3 },
  });
  const job = find(objects, 'CronJob', 'redis-snapshots');
  const container = job.spec.jobTemplate.spec.template.spec.containers[0];

  it('runs a CronJob on the schedule, in the time zone, from the declared image', () => {
    expect(job.spec.schedule).toBe('0 3 * * *');
    expect(job.spec.timeZone).toBe('Europe/Berlin');
    expect(container.image).toBe(KUBECTL);
    expect(job.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(job.metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
    });
  });

  it('snapshots every claim of every pod and keeps the newest `keep`', () => {
    const env = Object.fromEntries(container.env.map((e: K8sObject) => [e.name, e.value]));
    expect(env).toEqual({
      CLAIMS: 'data-redis-0=data-0 data-redis-1=data-1',
      INSTANCE: 'redis',
      LABEL: 'gke-platform/snapshot-of',
      CLASS: 'acme-pd-snapshots',
      KEEP: '3',
      HOME: '/tmp',
    });
    const script = container.command[2];
    expect(script).toContain('kubectl create -f -');
    expect(script).toContain(
      '"volumeSnapshotClassName":"%s","source":{"persistentVolumeClaimName":"%s"}',
    );
    expect(script).toContain('--sort-by=.metadata.creationTimestamp');
  });

  it('may create, read, list and delete VolumeSnapshots in its namespace, and nothing else', () => {
    expect(find(objects, 'Role', 'redis-snapshots').rules).toEqual([
      {
        apiGroups: ['snapshot.storage.k8s.io'],
        resources: ['volumesnapshots'],
        verbs: ['create', 'get', 'list', 'delete'],
      },
    ]);
    const binding = find(objects, 'RoleBinding', 'redis-snapshots');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'redis-snapshots',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'redis-snapshots', namespace: 'acme-prod' },
    ]);
  });

  it('reaches the API server on 443 only', () => {
    const egress = find(objects, 'NetworkPolicy', 'redis-snapshots').spec.egress;
    expect(egress[egress.length - 1]).toEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
      ports: [{ port: 443, protocol: 'TCP' }],
    });
    const narrow = objectsWith({
      volumes: { '/data': { size: '10Gi' } },
      snapshots: { image: KUBECTL, schedule: '0 3 * * *', apiServerCidr: '172.16.0.2/32' },
    });
    expect(find(narrow, 'NetworkPolicy', 'redis-snapshots').spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '172.16.0.2/32' } }],
      ports: [{ port: 443, protocol: 'TCP' }],
    });
  });

  it('uses one VolumeSnapshotClass of the PD CSI driver whose snapshots go with their objects', () => {
    expect(find(objects, 'VolumeSnapshotClass', 'acme-pd-snapshots')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: {
        name: 'acme-pd-snapshots',
        labels: {
          'app.kubernetes.io/part-of': 'acme',
          'app.kubernetes.io/managed-by': 'gke-platform',
        },
      },
      driver: 'pd.csi.storage.gke.io',
      deletionPolicy: 'Delete',
    });
  });

  it('storageLocation gets a class of its own; resources size the job', () => {
    const o = objectsWith({
      volumes: { '/data': { size: '10Gi' } },
      snapshots: {
        image: KUBECTL,
        schedule: '0 3 * * *',
        storageLocation: 'europe-west1',
        resources: { cpu: '20m', memory: '32Mi' },
      },
    });
    expect(find(o, 'VolumeSnapshotClass', 'acme-pd-snapshots-europe-west1').parameters).toEqual({
      'storage-locations': 'europe-west1',
    });
    const c = find(o, 'CronJob', 'redis-snapshots').spec.jobTemplate.spec.template.spec
      .containers[0];
    expect(c.resources.requests).toEqual({ cpu: '20m', memory: '32Mi' });
  });

  it('is off per environment with false', () => {
    const o = objectsWith(
      {
        volumes: { '/data': { size: '10Gi' } },
        snapshots: { dev: false, prod: { image: KUBECTL, schedule: '0 3 * * *' } },
      },
      'dev',
    );
    expect(o.some((x) => x.kind === 'CronJob' || x.kind === 'VolumeSnapshotClass')).toBe(false);
  });
});

describe('StatefulService bad input', () => {
  it('fails on an unknown disk class, with a PlatformError', () => {
    expect(() => synth({ volumes: { '/data': { size: '10Gi', class: 'fast' as never } } })).toThrow(
      PlatformError,
    );
    expectError(
      { volumes: { '/data': { size: '10Gi', class: 'fast' as never } } },
      `${WHERE}: 'volumes./data.class' is "fast", which is not a disk class; use 'balanced', 'ssd', 'standard' or 'hyperdisk-balanced'`,
    );
  });

  it('fails on a size that is not bytes', () => {
    expectError(
      { volumes: { '/data': { size: '10 GB' } } },
      `${WHERE}: 'volumes./data.size' is "10 GB", which is not a size in bytes; write whole GiB, e.g. '20Gi'`,
    );
    expectError(
      { volumes: { '/data': { size: '10Gm' as string } } },
      /'volumes.\/data.size' is "10Gm", which is not a size in bytes/,
    );
  });

  it('fails on a size that is not whole GiB', () => {
    expectError(
      { volumes: { '/data': { size: '10.5Gi' } } },
      `${WHERE}: 'volumes./data.size' is '10.5Gi', which is not a whole number of GiB, and Compute Engine sizes disks in whole GiB; write whole GiB, e.g. '11Gi'`,
    );
  });

  it('fails on sizes below the disk type minimum', () => {
    expectError(
      { volumes: { '/data': { size: '5Gi' } } },
      `${WHERE}: 'volumes./data.size' is '5Gi', below the 10 GiB minimum of a pd-balanced disk; ask for at least '10Gi'`,
    );
    expectError(
      { volumes: { '/data': { size: '3Gi', class: 'hyperdisk-balanced' } } },
      "is '3Gi', below the 4 GiB minimum of a hyperdisk-balanced disk",
    );
    expectError(
      { volumes: { '/data': { size: '100Gi', class: 'standard', regional: true } } },
      "is '100Gi', below the 200 GiB minimum of a regional pd-standard disk",
    );
  });

  it('fails on a size too small in one environment only', () => {
    expectError(
      { volumes: { '/data': { size: { dev: '1Gi', prod: '10Gi' } } } },
      "StatefulService 'dev/redis': 'volumes./data.size' is '1Gi'",
      'dev',
    );
  });

  it('fails on a regional Hyperdisk', () => {
    expectError(
      { volumes: { '/data': { size: '10Gi', class: 'hyperdisk-balanced', regional: true } } },
      `${WHERE}: 'volumes./data.regional' is true for class 'hyperdisk-balanced'`,
    );
  });

  it('fails on a reclaim policy other than Retain or Delete', () => {
    expectError(
      { volumes: { '/data': { size: '10Gi', reclaimPolicy: 'Recycle' as never } } },
      `${WHERE}: 'volumes./data.reclaimPolicy' is "Recycle"`,
    );
  });

  it('fails on a disk class the pool machine series cannot attach', () => {
    const c4 = chartOf({ general: { machineType: 'c4-standard-4' } });
    expect(
      () =>
        new StatefulService(c4, 'db', {
          image: IMAGE,
          port: 5432,
          volumes: { '/data': { size: '10Gi' } },
        }),
    ).toThrow(
      "StatefulService 'prod/db': 'volumes./data.class' is 'balanced' (pd-balanced), which node pool 'general' (c4-standard-4, series C4) cannot attach; use a class of hyperdisk-balanced, or place the pods on a pool that attaches pd-balanced",
    );
    const g2 = chartOf({
      general: { machineType: 'e2-standard-4' },
      gpu: { machineType: 'g2-standard-8', gpu: { type: 'nvidia-l4' } },
    });
    expect(
      () =>
        new StatefulService(g2, 'db', {
          image: IMAGE,
          port: 5432,
          placement: { nodePool: 'gpu' },
          volumes: { '/data': { size: '200Gi', class: 'standard' } },
        }),
    ).toThrow("which node pool 'gpu' (g2-standard-8, series G2) cannot attach");
  });

  it('accepts Hyperdisk on C4 and any class on a pool it does not run on', () => {
    const chart = chartOf({
      general: { machineType: 'c4-standard-4' },
      old: {
        machineType: 'e2-standard-4',
        taints: [{ key: 'legacy', effect: 'NoSchedule' }],
      },
    });
    new StatefulService(chart, 'db', {
      image: IMAGE,
      port: 5432,
      volumes: { '/data': { size: '10Gi', class: 'hyperdisk-balanced' } },
    });
    const sc = objectsOf(chart as never).find((o) => o.kind === 'StorageClass');
    expect(sc?.metadata.name).toBe('acme-hyperdisk-balanced');
    expect(sc?.parameters).toEqual({ type: 'hyperdisk-balanced' });
  });

  it('fails on a regional disk when the pools run in one zone', () => {
    const chart = chartOf({ general: { machineType: 'e2-standard-4', zones: ['europe-west1-b'] } });
    expect(
      () =>
        new StatefulService(chart, 'db', {
          image: IMAGE,
          port: 5432,
          volumes: { '/data': { size: '10Gi', regional: true } },
        }),
    ).toThrow(
      "StatefulService 'prod/db': 'volumes./data.regional' is true, but the pods' node pools run in one zone only (europe-west1-b), and a regional disk needs nodes in two; run the pools in two or more zones of the region, or use a zonal disk",
    );
  });

  it('fails on a required zone spread that can never place every pod', () => {
    const chart = chartOf({
      general: { machineType: 'e2-standard-4', zones: ['europe-west1-b', 'europe-west1-c'] },
    });
    expect(
      () =>
        new StatefulService(chart, 'db', {
          image: IMAGE,
          port: 5432,
          replicas: 3,
          volumes: { '/data': { size: '10Gi' } },
          zoneSpread: { minZones: 3 },
        }),
    ).toThrow(
      "StatefulService 'prod/db': 'zoneSpread.minZones' is 3, but the pods' node pools run in 2 zone(s) (europe-west1-b, europe-west1-c), where at most 2 of the 3 pods could ever schedule (and zonal disks keep each pod in its first zone); lower 'minZones' to 2, raise 'maxSkew', or run the pools in more zones",
    );
    // Two pods fit one per zone: accepted.
    new StatefulService(chart, 'db2', {
      image: IMAGE,
      port: 5432,
      replicas: 2,
      zoneSpread: { minZones: 3 },
    });
  });

  it('fails on minZones with a preferred spread', () => {
    expectError(
      { zoneSpread: { required: false, minZones: 2 } },
      `${WHERE}: 'zoneSpread.minZones' is set with a preferred spread`,
    );
  });

  it('zoneSpread: true is the default spread, the form a WebService or Worker takes', () => {
    expect(pod(objectsWith({ zoneSpread: true })).topologySpreadConstraints).toEqual(
      pod(objectsWith({})).topologySpreadConstraints,
    );
  });

  it('fails on a zoneSpread that is neither a boolean nor an object', () => {
    expectError(
      { zoneSpread: 'zones' as never },
      `${WHERE}: 'zoneSpread' is "zones"; use { required, maxSkew, minZones } or true or false`,
    );
  });

  it('fails on maxSkew 0', () => {
    expectError({ zoneSpread: { maxSkew: 0 } }, `${WHERE}: 'zoneSpread.maxSkew' is 0`);
  });

  it('fails on a volume path that a config file, secret or scratch path mounts', () => {
    expectError(
      {
        configFiles: { '/data': 'x' },
        volumes: { '/data': { size: '10Gi' } },
      },
      `${WHERE}: 'volumes./data' mounts '/data', which configFiles already mounts; give the disk its own path`,
    );
    expectError(
      { secretMounts: { '/data': 'tls' }, volumes: { '/data': { size: '10Gi' } } },
      'which secretMounts already mounts',
    );
    expectError(
      { scratchPaths: ['/data'], volumes: { '/data': { size: '10Gi' } } },
      'which scratchPaths already mounts',
    );
  });

  it('fails on a relative volume path', () => {
    expectError({ volumes: { data: { size: '10Gi' } } }, `${WHERE}: 'volumes' has path 'data'`);
  });

  it('fails on a bad or clashing claimName', () => {
    expectError(
      { volumes: { '/data': { size: '10Gi', claimName: 'Data' } } },
      `${WHERE}: 'volumes./data.claimName' is "Data"`,
    );
    expectError(
      {
        volumes: {
          '/a/b': { size: '10Gi' },
          '/a-b': { size: '10Gi' },
        },
      },
      `${WHERE}: 'volumes./a-b.claimName' is 'a-b', the name of another volume of the pod`,
    );
    expectError(
      {
        volumes: { '/data': { size: '10Gi', claimName: 'config' } },
        configFiles: { '/etc/x': 'y' },
      },
      "'volumes./data.claimName' is 'config', the name of another volume of the pod",
    );
  });

  it('fails on partition with OnDelete, and on a negative partition', () => {
    expectError(
      { updateStrategy: 'OnDelete', partition: 1 },
      `${WHERE}: 'partition' is set with updateStrategy 'OnDelete'`,
    );
    expectError({ partition: -1 }, `${WHERE}: 'partition' is -1`);
  });

  it('fails on unknown policies', () => {
    expectError(
      { podManagementPolicy: 'Ordered' as never },
      `${WHERE}: 'podManagementPolicy' is "Ordered"`,
    );
    expectError(
      { updateStrategy: 'Recreate' as never },
      `${WHERE}: 'updateStrategy' is "Recreate"`,
    );
    expectError(
      { claimRetention: { whenDeleted: 'Keep' as never } },
      `${WHERE}: 'claimRetention.whenDeleted' is "Keep"`,
    );
  });

  it('fails on a disruption budget that blocks drains', () => {
    expectError(
      { replicas: 3, disruptionBudget: { maxUnavailable: 0 } },
      `${WHERE}: 'disruptionBudget.maxUnavailable' is 0, which would block every node drain`,
    );
  });

  it('fails on negative replicas', () => {
    expectError({ replicas: -1 }, `${WHERE}: 'replicas' is -1`);
  });

  it('fails on a name that is not a DNS-1035 label', () => {
    expect(() => new StatefulService(chartFor('prod'), '1db', minimal)).toThrow(
      "StatefulService 'prod/1db': 'name'",
    );
  });

  it('fails on a name another workload uses for the client Service', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'redis-client', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0',
      port: 8080,
    });
    expect(() => new StatefulService(chart, 'redis', minimal)).toThrow(
      "StatefulService 'prod/redis': 'name' 'redis-client' is already used by WebService 'prod/redis-client' for a Service",
    );
  });

  it('fails on snapshots without volumes', () => {
    expectError(
      { snapshots: { image: KUBECTL, schedule: '0 3 * * *' } },
      `${WHERE}: 'snapshots' is set, but there are no volumes to snapshot`,
    );
  });

  it('fails on a snapshot image from an undeclared registry', () => {
    expectError(
      {
        volumes: { '/data': { size: '10Gi' } },
        snapshots: {
          image: 'europe-docker.pkg.dev/other-project/tools/kubectl:1.31.0',
          schedule: '0 3 * * *',
        },
      },
      /CronTask 'prod\/redis\/snapshots\/job': 'image' is 'europe-docker.pkg.dev\/other-project\/tools\/kubectl:1.31.0', from a Google registry that environment 'prod' does not declare/,
    );
  });

  it('fails on keep 0, a bad API server range and a bad storage location', () => {
    const volumes = { '/data': { size: '10Gi' } };
    expectError(
      { volumes, snapshots: { image: KUBECTL, schedule: '0 3 * * *', keep: 0 } },
      `${WHERE}: 'snapshots.keep' is 0`,
    );
    expectError(
      { volumes, snapshots: { image: KUBECTL, schedule: '0 3 * * *', apiServerCidr: '10.0.0.1' } },
      `${WHERE}: 'snapshots.apiServerCidr'`,
    );
    expectError(
      { volumes, snapshots: { image: KUBECTL, schedule: '0 3 * * *', storageLocation: 'EU' } },
      `${WHERE}: 'snapshots.storageLocation' is "EU", which is not a Google Cloud region or a multi-region Compute Engine stores snapshots in; use a region such as 'europe-west1', or the multi-region 'eu', 'us' or 'asia'`,
    );
  });

  it('fails on a connection to another environment', () => {
    const dev = chartFor('dev');
    const other = new WebService(dev, 'api', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0',
      port: 8080,
    });
    expectError(
      { connections: { API: other as never } },
      `${WHERE}: 'connections.API' is WebService 'dev/api'`,
    );
  });
});

describe('StatefulService output is valid', () => {
  it.each(['dev', 'prod'] as const)(
    'in %s: every prop, on Kubernetes 1.27 and 1.36 and under the semantic rules',
    (env) => {
      const chart = chartFor(env);
      const api = new WebService(chart, 'api', {
        image: 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0',
        port: 8080,
      });
      const db = new StatefulService(chart, 'db', {
        image: IMAGE,
        port: 6379,
        servicePort: 6380,
        portName: 'redis',
        peerPorts: [
          { name: 'cluster-bus', port: 16379 },
          { name: 'gossip', port: 7946, protocol: 'UDP' },
        ],
        replicas: { dev: 1, prod: 3 },
        health: { type: 'exec', command: ['redis-cli', 'ping'] },
        volumes: {
          '/data': { size: { dev: '10Gi', prod: '50Gi' }, class: 'ssd' },
          '/backup': {
            size: '200Gi',
            class: 'standard',
            regional: true,
            reclaimPolicy: 'Delete',
            claimName: 'backup',
          },
        },
        configFiles: { '/etc/redis/redis.conf': 'appendonly yes\n' },
        podManagementPolicy: 'Parallel',
        partition: { dev: 0, prod: 1 },
        claimRetention: { whenDeleted: 'Retain', whenScaled: 'Delete' },
        disruptionBudget: { maxUnavailable: '34%' },
        zoneSpread: { required: true, maxSkew: 1, minZones: 3 },
        publishNotReadyAddresses: false,
        revisionHistoryLimit: 3,
        terminationGracePeriodSeconds: 90,
        connections: { API: api },
        snapshots: {
          image: KUBECTL,
          schedule: '30 2 * * *',
          timeZone: 'Europe/Berlin',
          keep: 14,
          storageLocation: 'eu',
          apiServerCidr: '172.16.0.2/32',
        },
      });
      new WebService(chart, 'web', {
        image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0',
        port: 8080,
        connections: { DB: db },
      });
      const objects = objectsOf(chart);
      expect(validateObjects(objects as never, ['1.27', '1.36']).map((p) => p.message)).toEqual([]);
      expect(validateSemantics(objects as never).map((p) => `${p.field}: ${p.problem}`)).toEqual(
        [],
      );
    },
  );
});
