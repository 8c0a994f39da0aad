import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  definePlatform,
  type EnvironmentChart,
  ForeignWorkloadPolicy,
  foreignTarget,
  PlatformError,
  type PlatformWarning,
  synthesizePlatform,
  Worker,
} from 'gke-platform';
import { isAllowed, type Obj, podsOf } from '#lib/plan/network-policy-eval';

const definition = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: true },
    prod: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: true },
  },
});

function synth(define: (chart: EnvironmentChart<'dev' | 'prod'>) => void) {
  const warnings: PlatformWarning[] = [];
  const manifests = synthesizePlatform(definition, define, {
    releases: '/nonexistent',
    onWarning: (w) => warnings.push(w),
  });
  return { warnings, objects: manifests[0].objects as Obj[] };
}

/** A cdk8s-plus Deployment serving 9000 and 9001, behind a Service of 80 to 9000 (port name `http`). */
function reports(chart: EnvironmentChart) {
  const deployment = new kplus.Deployment(chart, 'reports', {
    metadata: { name: 'reports' },
    securityContext: { ensureNonRoot: true },
    containers: [
      {
        image: 'europe-docker.pkg.dev/shop-artifacts/apps/reports:2.1.0',
        ports: [
          { number: 9000, name: 'http' },
          { number: 9001, name: 'admin' },
        ],
        resources: {},
      },
    ],
  });
  const service = deployment.exposeViaService({
    name: 'reports',
    ports: [{ name: 'http', port: 80, targetPort: 9000 }],
  });
  return { deployment, service };
}

const client = (chart: EnvironmentChart, connections: Record<string, unknown>, name = 'web') =>
  new Worker(chart, name, {
    image: 'web:1.0.0',
    connections: connections as never,
  });

const envOf = (objects: Obj[], name: string) =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)?.spec.template.spec
    .containers[0].env;

describe('foreignTarget: a Service this library did not make as a connection target', () => {
  it('gives the client the host and port env vars of a library target', () => {
    const { objects } = synth((chart) => {
      const { service } = reports(chart);
      client(chart, { REPORTS: foreignTarget(service) });
    });
    expect(envOf(objects, 'web')).toEqual(
      expect.arrayContaining([
        { name: 'REPORTS_HOST', value: 'reports.shop-dev.svc.cluster.local' },
        { name: 'REPORTS_PORT', value: '80' },
      ]),
    );
  });

  it('with the pods’ ForeignWorkloadPolicy, lets the client in and out, on the target port only', () => {
    const { warnings, objects } = synth((chart) => {
      const { deployment, service } = reports(chart);
      const policy = new ForeignWorkloadPolicy(chart, 'reports-policy', { pods: deployment });
      client(chart, { REPORTS: foreignTarget(service, { policy }) });
      client(chart, {}, 'stranger');
    });
    expect(warnings).toEqual([]);
    const pods = podsOf(objects);
    const pod = (name: string) => pods.find((p) => p.name === name)!;
    const to = (from: string, dest: string, port: number) =>
      isAllowed(objects, { from: pod(from), to: pod(dest), port });
    expect(to('web', 'reports', 9000)).toBe(true);
    // The Service's port is not what the pods see: the NetworkPolicy sees the target port.
    expect(to('web', 'reports', 80)).toBe(false);
    expect(to('stranger', 'reports', 9000)).toBe(false);
    expect(to('reports', 'web', 9000)).toBe(false);
  });

  it('without a policy, lets the client out only: the foreign pods stay cut off, and the synth warns', () => {
    const { warnings, objects } = synth((chart) => {
      const { service } = reports(chart);
      client(chart, { REPORTS: foreignTarget(service) });
    });
    expect(warnings.map((w) => w.where)).toContain("Deployment 'dev/reports'");
    const web = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'web');
    expect(web?.spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: expect.any(Object) } }],
      ports: [{ port: 9000, protocol: 'TCP' }],
    });
    const [from, to] = ['web', 'reports'].map((n) => podsOf(objects).find((p) => p.name === n)!);
    expect(isAllowed(objects, { from, to, port: 9000 })).toBe(false);
  });

  it('takes a named port, and a plain ApiObject of kind Service', () => {
    const { objects } = synth((chart) => {
      const { deployment } = reports(chart);
      const policy = new ForeignWorkloadPolicy(chart, 'reports-policy', { pods: deployment });
      const raw = new ApiObject(chart, 'raw-service', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'reports-admin' },
        spec: {
          selector: deployment.matchLabels,
          ports: [
            { name: 'http', port: 80, targetPort: 9000 },
            { name: 'admin', port: 81, targetPort: 9001 },
          ],
        },
      });
      client(chart, { ADMIN: { service: foreignTarget(raw, { policy }), port: 'admin' } });
    });
    expect(envOf(objects, 'web')).toEqual(
      expect.arrayContaining([
        { name: 'ADMIN_HOST', value: 'reports-admin.shop-dev.svc.cluster.local' },
        { name: 'ADMIN_PORT', value: '81' },
      ]),
    );
    const [from, to] = ['web', 'reports'].map((n) => podsOf(objects).find((p) => p.name === n)!);
    expect(isAllowed(objects, { from, to, port: 9001 })).toBe(true);
    expect(isAllowed(objects, { from, to, port: 9000 })).toBe(false);
  });

  const failure = (define: (chart: EnvironmentChart<'dev' | 'prod'>) => void) => {
    try {
      synth(define);
    } catch (e) {
      if (!(e instanceof PlatformError)) throw e;
      return (e as PlatformError).message;
    }
    throw new Error('no error');
  };

  it('refuses what no connection can reach, naming the construct and the fix', () => {
    expect(
      failure((chart) => {
        foreignTarget(new kplus.Service(chart, 'empty', { ports: [{ port: 80 }] }));
      }),
    ).toMatch(
      /Service 'dev\/empty'.*spec\.selector.*selects no pods.*give the Service a selector/s,
    );
    expect(
      failure((chart) => {
        foreignTarget(new kplus.ConfigMap(chart, 'settings'));
      }),
    ).toMatch(/'dev\/settings'.*service.*is a ConfigMap, not a Service/s);
    expect(
      failure((chart) => {
        const service = new ApiObject(chart, 'named', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'named' },
          spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 'http' }] },
        });
        foreignTarget(service);
      }),
    ).toMatch(/spec\.ports\[0\]\.targetPort.*'http'.*give the target port as a number/s);
  });

  it('refuses a port that is not TCP, which the NetworkPolicy rules would not match', () => {
    expect(
      failure((chart) => {
        const dns = new kplus.Service(chart, 'dns', {
          ports: [{ port: 53, protocol: kplus.Protocol.UDP }],
        });
        dns.selectLabel('app', 'dns');
        foreignTarget(dns);
      }),
    ).toMatch(/spec\.ports\[0\]\.protocol.*is UDP, but connections are TCP/s);
  });

  it('refuses a target of another environment, as any connection', () => {
    let dev: ReturnType<typeof foreignTarget> | undefined;
    const message = failure((chart) => {
      if (chart.environment.name === 'dev') dev = foreignTarget(reports(chart).service);
      else client(chart, { REPORTS: dev });
    });
    expect(message).toMatch(
      /connections\.REPORTS.*is Service 'dev\/reports\/reportsService', which is in another environment/s,
    );
  });
});
