import { CronTask } from '#lib/workloads/cron-task';
import { OneOffJob, type OneOffJobProps } from '#lib/workloads/job';
import { WebService } from '#lib/workloads/web-service';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';
import { chartFor, find, type K8sObject, objectsOf, podSpec, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/jobs/migrate:1.2.0';
const proxy = {
  name: 'cloud-sql-proxy',
  image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
  args: ['--port=5432', '--health-check', '--http-port=9090', 'acme:europe-west1:db'],
  port: 9090,
  // The job's container starts once the proxy answers.
  health: { path: '/startup', startupSeconds: 30 },
};

/** The Job of a OneOffJob `job` in prod, with every object and problem found. */
function synthJob(props: Partial<OneOffJobProps<TestEnv>> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  new OneOffJob(chart, 'job', { image, ...props });
  const objects = objectsOf(chart);
  return { objects, job: find(objects, 'Job', 'job') };
}

describe('sidecars of batch work are native sidecars', () => {
  test("a OneOffJob's sidecar is an init container with restartPolicy: Always, before the init containers", () => {
    const { objects, job } = synthJob({
      sidecars: [proxy],
      initContainers: [{ name: 'migrate', image, command: ['/app/migrate'] }],
    });
    const pod = podSpec(job);
    expect(pod.containers.map((c: K8sObject) => c.name)).toEqual(['job']);
    expect(pod.initContainers.map((c: K8sObject) => [c.name, c.restartPolicy])).toEqual([
      ['cloud-sql-proxy', 'Always'],
      ['migrate', undefined],
    ]);
    // Probes are allowed on a native sidecar; the startup probe holds the next container back.
    const [sidecar] = pod.initContainers;
    expect(sidecar.startupProbe.httpGet).toMatchObject({ path: '/startup', port: 9090 });
    expect(sidecar.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(Object.keys(sidecar)).toEqual([...Object.keys(sidecar)].sort());
    expect(validateSemantics(objects)).toEqual([]);
    expect(validateObjects(objects, ['1.36']).map((p) => p.message)).toEqual([]);
  });

  test("a CronTask's Jobs run their sidecars the same way", () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'report', { image, schedule: '0 3 * * *', sidecars: [proxy] });
    const objects = objectsOf(chart);
    const pod = podSpec(find(objects, 'CronJob', 'report'));
    expect(pod.containers.map((c: K8sObject) => c.name)).toEqual(['report']);
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({
      name: 'cloud-sql-proxy',
      restartPolicy: 'Always',
    });
    expect(validateSemantics(objects)).toEqual([]);
    expect(validateObjects(objects, ['1.36']).map((p) => p.message)).toEqual([]);
  });

  test("a WebService's sidecars stay app containers", () => {
    const chart = chartFor('prod');
    new WebService(chart, 'web', { image, port: 8080, sidecars: [{ ...proxy, port: 9091 }] });
    const pod = podSpec(find(objectsOf(chart), 'Deployment', 'web'));
    expect(pod.containers.map((c: K8sObject) => c.name)).toEqual(['web', 'cloud-sql-proxy']);
    expect(pod.initContainers).toBeUndefined();
  });
});

describe('the shape of a Job', () => {
  test('parallelism (per environment), completions and Indexed completion are written', () => {
    const props = { parallelism: { dev: 1, prod: 5 }, completions: 20 } as const;
    const { objects, job } = synthJob({ ...props, completionMode: 'Indexed' });
    expect(job.spec).toMatchObject({ parallelism: 5, completions: 20, completionMode: 'Indexed' });
    expect(synthJob(props, 'dev').job.spec.parallelism).toBe(1);
    expect(validateSemantics(objects)).toEqual([]);
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  test("left out, they stay Kubernetes' defaults", () => {
    const { job } = synthJob();
    expect(job.spec.parallelism).toBeUndefined();
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.completionMode).toBeUndefined();
  });

  test('a parallelism above completions is legitimate (Kubernetes runs no more than are missing)', () => {
    expect(synthJob({ parallelism: 10, completions: 3 }).job.spec).toMatchObject({
      parallelism: 10,
      completions: 3,
    });
  });

  test('jobLabels go on the Job, never over the library labels, and not on the pods', () => {
    const { objects, job } = synthJob({
      jobLabels: { dev: {}, prod: { 'kueue.x-k8s.io/queue-name': 'team-a' } },
    });
    expect(job.metadata.labels).toMatchObject({
      'kueue.x-k8s.io/queue-name': 'team-a',
      'app.kubernetes.io/name': 'job',
    });
    expect(job.spec.template.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    expect(find(objects, 'ServiceAccount', 'job').metadata.labels).not.toHaveProperty(
      'kueue.x-k8s.io/queue-name',
    );
  });

  test.each([
    [{ parallelism: -1 }, "'parallelism' is -1; use a whole number from 0 to 2147483647"],
    [{ parallelism: 1.5 }, "'parallelism' is 1.5; use a whole number from 0 to 2147483647"],
    [{ completions: -2 }, "'completions' is -2; use a whole number from 0 to 2147483647"],
    [
      { completionMode: 'Indexed' },
      "'completions' is not set, but an Indexed Job needs it: its pods' indexes run from 0 to completions - 1; set 'completions' to the number of indexes, e.g. completions: 10",
    ],
    [
      { completionMode: 'Indexed', completions: 200000, parallelism: 100001 },
      "'parallelism' is 100001, more pods at once than an Indexed Job may run; use at most 100000",
    ],
    [{ completionMode: 'indexed' }, "'completionMode' is \"indexed\"; did you mean 'Indexed'?"],
    [
      { jobLabels: { 'app.kubernetes.io/name': 'x' } },
      "'jobLabels' sets 'app.kubernetes.io/name', a label the library sets",
    ],
    [
      { jobLabels: { 'kueue.x-k8s.io/queue-name': 'Team A' } },
      "'jobLabels.kueue.x-k8s.io/queue-name'",
    ],
  ] as [Partial<OneOffJobProps<TestEnv>>, string][])('fails on %p', (props, message) => {
    expect(() => synthJob(props)).toThrow(`OneOffJob 'prod/job': ${message}`);
  });

  test('a CronTask takes the same shape into its jobTemplate, and its jobLabels go on the Jobs it creates', () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'shards', {
      image,
      schedule: '0 3 * * *',
      parallelism: 3,
      completions: 12,
      completionMode: 'Indexed',
      jobLabels: { 'kueue.x-k8s.io/queue-name': 'nightly' },
    });
    const objects = objectsOf(chart);
    const cronJob = find(objects, 'CronJob', 'shards');
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({
      parallelism: 3,
      completions: 12,
      completionMode: 'Indexed',
    });
    expect(cronJob.spec.jobTemplate.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('nightly');
    expect(cronJob.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    expect(validateSemantics(objects)).toEqual([]);
  });

  test("fails on an Indexed CronTask whose Jobs' pod hostnames would not fit in 63 characters", () => {
    const name = 'a'.repeat(50);
    expect(
      () =>
        new CronTask(chartFor('prod'), name, {
          image,
          schedule: '0 3 * * *',
          completions: 100,
          completionMode: 'Indexed',
        }),
    ).toThrow(
      `CronTask 'prod/${name}': 'completionMode' is 'Indexed', but the pods of its Jobs would get hostnames of up to 64 characters ('${name}-<11-digit run>-99'), more than the 63 a hostname may have; shorten 'name' to at most 49 characters`,
    );
  });
});
