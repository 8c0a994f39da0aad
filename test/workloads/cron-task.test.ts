import { ApiObject, App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';
import { CronTask, type CronTaskProps } from '#lib/workloads/cron-task';
import { OneOffJob } from '#lib/workloads/job';
import { Schedule } from '#lib/workloads/batch/schedule';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf, podSpec, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/jobs/fetch:1.2.0';

/** The objects of one CronTask `job` in `env`, and its CronJob. */
function synth(props: Partial<CronTaskProps<TestEnv>> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const task = new CronTask(chart, 'job', { image, schedule: Schedule.hourly(), ...props });
  const objects = objectsOf(chart);
  const cronJob = find(objects, 'CronJob', 'job');
  return { task, objects, cronJob, pod: podSpec(cronJob), jobSpec: cronJob.spec.jobTemplate.spec };
}

/** A chart of a one-environment platform with (or without) a default time zone. */
function chartOf(spec: { timeZone?: string }) {
  const platform = definePlatform({
    name: 'tz',
    ...spec,
    registries: { jobs: { location: 'europe', project: 'acme-artifacts' } },
    environments: { dev: { nodePools: { general: { machineType: 'e2-standard-2' } } } },
  });
  return new EnvironmentChart(new App(), { platform, environment: 'dev' });
}

const fails =
  (props: Partial<CronTaskProps<TestEnv>>, env: TestEnv = 'prod') =>
  () =>
    synth(props, env);

describe('CronTask', () => {
  test('minimal props: a CronJob in UTC that never overlaps, with its ServiceAccount', () => {
    const { objects, cronJob, pod, jobSpec } = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/job',
      'NetworkPolicy/job',
      'CronJob/job',
    ]);
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.metadata).toMatchObject({ name: 'job', namespace: 'acme-prod' });
    expect(cronJob.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'job',
      'app.kubernetes.io/component': 'batch',
      'app.kubernetes.io/version': '1.2.0',
      environment: 'prod',
    });
    const { jobTemplate, ...spec } = cronJob.spec;
    expect(spec).toEqual({
      schedule: '0 * * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(jobTemplate.metadata.labels).toEqual(cronJob.metadata.labels);
    expect(jobSpec.backoffLimit).toBe(6);
    expect(jobSpec.podFailurePolicy).toBeUndefined();
    expect(jobSpec.activeDeadlineSeconds).toBeUndefined();
    expect(jobSpec.ttlSecondsAfterFinished).toBeUndefined();
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.serviceAccountName).toBe('job');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  test('all props: every object validates on Kubernetes 1.36, and on 1.27 but for the native sidecar', () => {
    const chart = chartFor('prod');
    const all: Required<CronTaskProps<TestEnv>> = {
      name: 'nightly',
      version: '2024.1',
      image,
      allowMutableTag: false,
      port: 9090,
      portName: 'metrics',
      command: ['/app/fetch'],
      args: ['--all'],
      env: { MODE: { dev: 'dry-run', prod: 'live' } },
      secretEnv: { API_TOKEN: { secret: 'fetch', key: 'token' } },
      configMapEnv: { REGION: { configMap: 'settings', key: 'region', optional: true } },
      allowPlaintextSecrets: [],
      configFiles: { '/etc/fetch/config.yaml': 'sources: [a, b]\n' },
      secretMounts: { '/var/run/creds': 'fetch-creds' },
      secretFiles: {},
      scratchPaths: ['/tmp', '/work'],
      resources: { cpu: '250m', memory: '512Mi', ephemeralStorage: '2Gi' },
      health: { type: 'http', path: '/healthz', liveness: false },
      sidecars: [{ name: 'proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0' }],
      initContainers: [{ name: 'wait', image: 'busybox:1.36.1', command: ['true'] }],
      placement: { dev: { spot: true }, prod: { nodePool: 'spot' } },
      runAsUser: 2000,
      runAsGroup: 2000,
      terminationGracePeriodSeconds: 20,
      workloadIdentity: false,
      automountServiceAccountToken: false,
      podAnnotations: { 'example.com/team': 'data' },
      egress: { dev: [], prod: [{ cidr: 'internet', ports: [443] }] },
      networkPolicy: true,
      imagePullPolicy: 'IfNotPresent',
      shmSize: { dev: '64Mi', prod: '256Mi' },
      sharedMounts: { '/work/out': 'results' },
      claimMounts: { '/work/archive': 'report-archive' },
      sharedVolumes: { results: { sizeLimit: '1Gi' } },
      podLabels: { 'example.com/cost-center': 'data' },
      serviceLinks: true,
      connections: {},
      backoffLimit: 2,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 86400,
      restartPolicy: 'Never',
      suspend: { dev: true, prod: false },
      schedule: { dev: Schedule.dailyAt('03:00'), prod: '*/30 * * * 1-5' },
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 120,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      parallelism: { dev: 1, prod: 4 },
      completions: 8,
      completionMode: 'Indexed',
      jobLabels: { 'kueue.x-k8s.io/queue-name': 'batch' },
      clusters: 'all',
    };
    new CronTask(chart, 'job', all);
    const objects = objectsOf(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/nightly',
      'NetworkPolicy/nightly',
      'ConfigMap/nightly-config',
      'CronJob/nightly',
    ]);
    const cronJob = find(objects, 'CronJob', 'nightly');
    const jobPod = cronJob.spec.jobTemplate.spec.template.spec;
    const jobMain = jobPod.containers[0];
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels).toMatchObject({
      'example.com/cost-center': 'data',
      'app.kubernetes.io/instance': 'nightly',
    });
    expect(jobPod.enableServiceLinks).toBe(true);
    expect(jobMain.resources.requests['ephemeral-storage']).toBe('2Gi');
    expect(jobMain.resources.limits['ephemeral-storage']).toBe('2Gi');
    expect(jobPod.volumes).toEqual(
      expect.arrayContaining([
        { name: 'nightly-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
        { name: 'results', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'claim-report-archive', persistentVolumeClaim: { claimName: 'report-archive' } },
      ]),
    );
    expect(jobMain.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'nightly-shm', mountPath: '/dev/shm' },
        { name: 'results', mountPath: '/work/out' },
        // Inside the writable scratch folder '/work': the runtime creates the mount point there.
        { name: 'claim-report-archive', mountPath: '/work/archive' },
      ]),
    );
    expect(cronJob.spec).toMatchObject({
      schedule: '*/30 * * * 1-5',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 120,
      suspend: false,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
    });
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({
      backoffLimit: 2,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 86400,
      parallelism: 4,
      completions: 8,
      completionMode: 'Indexed',
    });
    expect(cronJob.spec.jobTemplate.metadata.labels).toMatchObject({
      'kueue.x-k8s.io/queue-name': 'batch',
      'app.kubernetes.io/instance': 'nightly',
    });
    expect(cronJob.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    const pod = podSpec(cronJob);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.terminationGracePeriodSeconds).toBe(20);
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'spot' });
    expect(pod.containers.map((c: K8sObject) => c.name)).toEqual(['nightly']);
    expect(pod.initContainers.map((c: K8sObject) => [c.name, c.restartPolicy])).toEqual([
      ['proxy', 'Always'],
      ['wait', undefined],
    ]);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({
      path: '/healthz',
      port: 9090,
      scheme: 'HTTP',
    });
    expect(validateObjects(objects, ['1.36']).map((p) => p.message)).toEqual([]);
    // Kubernetes 1.27 has no native sidecars; they need GKE 1.29 or later.
    expect(validateObjects(objects, ['1.27']).map((p) => p.message)).toEqual([
      'CronJob acme-prod/nightly: spec.jobTemplate.spec.template.spec.initContainers[0].restartPolicy: unknown field',
    ]);
    expect(validateSemantics(objects)).toEqual([]);
  });

  describe('schedule', () => {
    test('takes a Schedule helper or a cron string', () => {
      expect(synth({ schedule: Schedule.everyHours(3) }).cronJob.spec.schedule).toBe('0 */3 * * *');
      expect(synth({ schedule: '15 2 * * mon' }).cronJob.spec.schedule).toBe('15 2 * * mon');
      expect(synth({ schedule: '@daily' }).cronJob.spec.schedule).toBe('@daily');
    });

    test('can differ per environment', () => {
      const schedule = { dev: Schedule.dailyAt('12:00'), prod: Schedule.hourly() };
      expect(synth({ schedule }, 'dev').cronJob.spec.schedule).toBe('0 12 * * *');
      expect(synth({ schedule }, 'prod').cronJob.spec.schedule).toBe('0 * * * *');
    });

    test('is exposed checked on the construct', () => {
      expect(synth({ schedule: ' 0  3 * * * ' }).task.schedule).toBe('0 3 * * *');
    });

    test('fails on a wrong field, naming the construct, the field and the value', () => {
      expect(fails({ schedule: '0 25 * * *' })).toThrow(
        "CronTask 'prod/job': 'schedule' has hour (field 2) '25' in '0 25 * * *': 25 is out of range; use 0-23",
      );
    });

    test('fails on TZ= in the schedule, pointing to timeZone', () => {
      expect(fails({ schedule: 'CRON_TZ=Asia/Tokyo 0 3 * * *' })).toThrow(
        /'schedule' is 'CRON_TZ=Asia\/Tokyo 0 3 \* \* \*', which sets the time zone inside the expression; leave 'TZ='\/'CRON_TZ=' out and set the CronTask's 'timeZone'/,
      );
    });
  });

  describe('timeZone', () => {
    test('is written as given', () => {
      expect(synth({ timeZone: 'Asia/Tokyo' }).cronJob.spec.timeZone).toBe('Asia/Tokyo');
      expect(synth({ timeZone: 'Asia/Tokyo' }).task.timeZone).toBe('Asia/Tokyo');
    });

    test('fails on an unknown zone', () => {
      expect(fails({ timeZone: 'Asia/Osaka' })).toThrow(
        `CronTask 'prod/job': 'timeZone' is "Asia/Osaka", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC'`,
      );
    });

    test("is the platform's timeZone unless the CronTask sets its own", () => {
      const chart = chartOf({ timeZone: 'Europe/Berlin' });
      new CronTask(chart, 'own', { image, schedule: '0 3 * * *', timeZone: 'Asia/Tokyo' });
      new CronTask(chart, 'default', { image, schedule: '0 3 * * *' });
      const objects = objectsOf(chart as never);
      expect(find(objects, 'CronJob', 'own').spec.timeZone).toBe('Asia/Tokyo');
      expect(find(objects, 'CronJob', 'default').spec.timeZone).toBe('Europe/Berlin');
    });

    test('fails when neither the CronTask nor the platform chooses one, saying that UTC is a choice too', () => {
      expect(() => new CronTask(chartOf({}), 'job', { image, schedule: '0 3 * * *' })).toThrow(
        "CronTask 'dev/job': 'timeZone' is not set, and the platform declares no default 'timeZone', so the schedule would silently run in the control plane's zone (UTC on GKE); choose one: set 'timeZone' here (e.g. 'Europe/Berlin', or 'Etc/UTC' for UTC), or once for every CronTask in definePlatform({ timeZone })",
      );
      const utc = chartOf({});
      new CronTask(utc, 'job', { image, schedule: '0 3 * * *', timeZone: 'Etc/UTC' });
      expect(find(objectsOf(utc as never), 'CronJob', 'job').spec.timeZone).toBe('Etc/UTC');
    });

    test("checks the platform's timeZone as a CronTask's", () => {
      expect(() => chartOf({ timeZone: 'JST' })).toThrow(
        `Platform 'tz': 'timeZone' is "JST", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC'`,
      );
      expect(() => chartOf({ timeZone: 'europe/berlin' })).toThrow(
        `Platform 'tz': 'timeZone' is "europe/berlin", which is spelled with the wrong case; write 'Europe/Berlin'`,
      );
    });

    test('fails on an offset', () => {
      expect(fails({ timeZone: 'UTC+9' })).toThrow(
        /'timeZone' is "UTC\+9", which is not in the IANA/,
      );
    });
  });

  test('concurrencyPolicy is written; fails on an unknown one', () => {
    expect(synth({ concurrencyPolicy: 'Allow' }).cronJob.spec.concurrencyPolicy).toBe('Allow');
    expect(fails({ concurrencyPolicy: 'Skip' as never })).toThrow(
      `CronTask 'prod/job': 'concurrencyPolicy' is "Skip"; use 'Forbid', 'Replace' or 'Allow'`,
    );
  });

  test('startingDeadlineSeconds is written; fails below the controller interval of 10 s', () => {
    expect(synth({ startingDeadlineSeconds: 300 }).cronJob.spec.startingDeadlineSeconds).toBe(300);
    expect(fails({ startingDeadlineSeconds: 5 })).toThrow(
      "CronTask 'prod/job': 'startingDeadlineSeconds' is 5; use a whole number of at least 10",
    );
  });

  test('history limits are written; fails on a negative one', () => {
    const { cronJob } = synth({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 10 });
    expect(cronJob.spec).toMatchObject({
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 10,
    });
    expect(fails({ successfulJobsHistoryLimit: -1 })).toThrow(/'successfulJobsHistoryLimit' is -1/);
    expect(fails({ failedJobsHistoryLimit: 1.5 })).toThrow(/'failedJobsHistoryLimit' is 1.5/);
  });

  test('backoffLimit, activeDeadlineSeconds and ttlSecondsAfterFinished go into the Job spec', () => {
    const { jobSpec } = synth({
      backoffLimit: 0,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 0,
    });
    expect(jobSpec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 0,
    });
  });

  test.each([
    [{ backoffLimit: -1 }, "'backoffLimit' is -1; use a whole number of at least 0"],
    [
      { activeDeadlineSeconds: 0 },
      "'activeDeadlineSeconds' is 0; use a whole number of at least 1",
    ],
    [
      { ttlSecondsAfterFinished: -5 },
      "'ttlSecondsAfterFinished' is -5; use a whole number of at least 0",
    ],
  ])('fails on %p', (props, message) => {
    expect(fails(props)).toThrow(`CronTask 'prod/job': ${message}`);
  });

  describe('restartPolicy', () => {
    test("'Never' retries disruptions without using up backoffLimit", () => {
      const { pod, jobSpec } = synth({ restartPolicy: 'Never' });
      expect(pod.restartPolicy).toBe('Never');
      expect(jobSpec.podFailurePolicy).toEqual({
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      });
    });

    test("is 'Never' by default on Spot nodes, and 'OnFailure' when asked", () => {
      expect(synth({ placement: { spot: true } }).pod.restartPolicy).toBe('Never');
      const onFailure = synth({ placement: { spot: true }, restartPolicy: 'OnFailure' });
      expect(onFailure.pod.restartPolicy).toBe('OnFailure');
      expect(onFailure.jobSpec.podFailurePolicy).toBeUndefined();
    });

    test("fails on 'Always'", () => {
      expect(fails({ restartPolicy: 'Always' as never })).toThrow(
        `CronTask 'prod/job': 'restartPolicy' is "Always", which a Job's pods cannot have; use 'OnFailure' or 'Never'`,
      );
    });
  });

  test('suspend is per environment', () => {
    const suspend = { dev: true, prod: false };
    expect(synth({ suspend }, 'dev').cronJob.spec.suspend).toBe(true);
    expect(synth({ suspend }, 'prod').cronJob.spec.suspend).toBe(false);
    expect(synth({ suspend: true }).cronJob.spec.suspend).toBe(true);
  });

  test('has probes only when health asks for them', () => {
    expect(synth({ port: 8080 }).pod.containers[0].readinessProbe).toBeUndefined();
    const probed = synth({ port: 8080, health: { type: 'tcp' } }).pod.containers[0];
    expect(probed.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(probed.livenessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test('shares the container model: env, secrets, config files and resources per environment', () => {
    const { objects, pod } = synth(
      {
        env: { MODE: { dev: 'dry-run', prod: 'live' } },
        secretEnv: { DB_PASSWORD: { secret: 'db', key: 'password' } },
        configFiles: { '/etc/job/config.yaml': { dev: 'a: 1\n', prod: 'a: 2\n' } },
        resources: { dev: { cpu: '50m' }, prod: { cpu: '1', memory: '2Gi', cpuLimit: false } },
      },
      'prod',
    );
    const [container] = pod.containers;
    // References first, literal values last, so that '$(DB_PASSWORD)' could expand in them.
    expect(container.env).toEqual([
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } },
      },
      { name: 'MODE', value: 'live' },
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { memory: '2Gi' },
    });
    expect(find(objects, 'ConfigMap', 'job-config').data).toEqual({
      'job.etc.job.config.yaml': 'a: 2\n',
    });
  });

  test('runs as its Workload Identity when asked', () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'web', { image, schedule: '@hourly', workloadIdentity: true });
    expect(find(objectsOf(chart), 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'web-prod@acme-prod.iam.gserviceaccount.com',
    });
  });

  test('exposes the CronJob as an escape hatch', () => {
    const { task } = synth();
    expect(ApiObject.of(task.cronJob).kind).toBe('CronJob');
  });

  test('fails on a name another CronJob already uses', () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'a', { image, schedule: '@hourly', name: 'job' });
    expect(() => new CronTask(chart, 'b', { image, schedule: '@hourly', name: 'job' })).toThrow(
      "CronTask 'prod/b': 'name' 'job' is already used by CronTask 'prod/a' for a ServiceAccount",
    );
  });

  test('fails on a name too long for the Jobs it creates', () => {
    expect(fails({ name: 'x'.repeat(53) })).toThrow(
      /'name' is "x{53}", which is not a DNS-1123 label; use at most 52/,
    );
  });

  test('shares the namespace with a WebService of another name', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'web', { image, port: 8080 });
    new CronTask(chart, 'job', { image, schedule: '@hourly' });
    expect(objectsOf(chart).filter((o) => o.kind === 'ServiceAccount')).toHaveLength(2);
  });
});

describe('OneOffJob', () => {
  test('minimal props: a Job from the same spec', () => {
    const chart = chartFor('prod');
    const job = new OneOffJob(chart, 'migrate', { image, command: ['/app/migrate'] });
    const objects = objectsOf(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/migrate',
      'NetworkPolicy/migrate',
      'Job/migrate',
    ]);
    const obj = find(objects, 'Job', 'migrate');
    expect(obj.spec).toMatchObject({ backoffLimit: 6, suspend: false });
    expect(obj.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(obj.spec.template.spec.containers[0].command).toEqual(['/app/migrate']);
    expect(ApiObject.of(job.job).kind).toBe('Job');
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  test('takes the job props: suspend per environment, deadlines, TTL, spot placement', () => {
    const chart = chartFor('dev');
    new OneOffJob(chart, 'backfill', {
      image,
      suspend: { dev: true, prod: false },
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 3600,
      backoffLimit: 1,
      placement: { spot: true },
    });
    const obj = find(objectsOf(chart), 'Job', 'backfill');
    expect(obj.spec).toMatchObject({
      suspend: true,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 3600,
      backoffLimit: 1,
    });
    expect(obj.spec.podFailurePolicy.rules[0].action).toBe('Ignore');
    expect(obj.spec.template.spec.restartPolicy).toBe('Never');
    expect(obj.spec.template.spec.terminationGracePeriodSeconds).toBe(25);
    expect(validateObjects(objectsOf(chart)).map((p) => p.message)).toEqual([]);
  });

  test('fails on a bad job prop, naming the OneOffJob', () => {
    expect(() => new OneOffJob(chartFor('prod'), 'once', { image, backoffLimit: -1 })).toThrow(
      "OneOffJob 'prod/once': 'backoffLimit' is -1",
    );
  });
});
