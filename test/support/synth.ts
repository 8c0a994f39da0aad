import { App, Chart } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';

/** A small platform for construct tests: dev and prod, a spot pool, a GPU pool in prod, UTC for CronTasks. */
export const testPlatform = definePlatform({
  name: 'acme',
  // Every CronTask's default; a CronTask may set its own.
  timeZone: 'Etc/UTC',
  registries: {
    jobs: { location: 'europe', project: 'acme-artifacts' },
    apps: { location: 'europe', project: 'acme-artifacts' },
    'cloud-sql-connectors': {
      location: 'us',
      repository: 'gcr.io',
      project: 'cloud-sql-connectors',
      public: true,
    },
  },
  environments: {
    dev: {
      project: 'acme-dev',
      nodePools: {
        general: { machineType: 'e2-standard-2' },
        spot: {
          machineType: 'e2-standard-2',
          capacity: 'spot',
          taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }],
        },
      },
      staticIps: {
        web: { scope: 'global' },
        lb: { scope: 'regional' },
        ilb: { scope: 'regional', internal: true },
      },
      workloadIdentities: { web: {} },
      internalLoadBalancing: true,
    },
    prod: {
      project: 'acme-prod',
      nodePools: {
        general: { machineType: 'e2-standard-4', minNodes: 2, maxNodes: 6 },
        spot: {
          machineType: 'e2-standard-4',
          capacity: 'spot',
          taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }],
        },
        gpu: { machineType: 'n1-standard-8', gpu: { type: 'nvidia-tesla-t4', count: 2 } },
      },
      staticIps: {
        web: { scope: 'global' },
        lb: { scope: 'regional' },
        ilb: { scope: 'regional', internal: true },
      },
      workloadIdentities: { web: { roles: ['roles/cloudtrace.agent'] } },
      internalLoadBalancing: true,
    },
  },
});

export type TestEnv = 'dev' | 'prod';

/** A fresh chart of `testPlatform` for one environment. */
export function chartFor(environment: TestEnv = 'prod'): EnvironmentChart<TestEnv> {
  return new EnvironmentChart(new App(), { platform: testPlatform, environment });
}

export type K8sObject = Record<string, any>;

/**
 * The objects a chart synthesizes, rendered by cdk8s without the chart's checks (its own
 * `toJson` throws on what the checks find), so that tests can run a check on its own.
 */
export function objectsOf(chart: EnvironmentChart<TestEnv>): K8sObject[] {
  return Chart.prototype.toJson.call(chart) as K8sObject[];
}

/** The one object of `kind` called `name`; fails the test when there is none. */
export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`,
    );
  return found;
}

/** The pod spec of a Deployment, DaemonSet, CronJob or Job. */
export function podSpec(obj: K8sObject): K8sObject {
  return obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.spec : obj.spec.template.spec;
}

/** The tolerations of the test platform's Spot pool and of GKE's GPU taint. */
export const SPOT_TOLERATION = {
  key: 'cloud.google.com/gke-spot',
  operator: 'Equal',
  value: 'true',
  effect: 'NoSchedule',
};
export const GPU_TOLERATION = {
  key: 'nvidia.com/gpu',
  operator: 'Equal',
  value: 'present',
  effect: 'NoSchedule',
};
