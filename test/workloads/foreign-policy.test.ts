import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  definePlatform,
  type EnvironmentChart,
  ForeignWorkloadPolicy,
  PlatformError,
  type PlatformWarning,
  synthesizePlatform,
  WebService,
} from 'gke-platform';
import { isAllowed, KUBE_DNS_POD, type Obj, podsOf } from '#lib/plan/network-policy-eval';

const definition = (networkPolicies: boolean) =>
  definePlatform({
    name: 'shop',
    environments: {
      dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies },
      prod: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies },
    },
  });

function synth(define: (chart: EnvironmentChart<'dev' | 'prod'>) => void, policies = true) {
  const warnings: PlatformWarning[] = [];
  const manifests = synthesizePlatform(definition(policies), define, {
    releases: '/nonexistent',
    onWarning: (w) => warnings.push(w),
  });
  return { warnings, objects: manifests[0].objects as Obj[] };
}

const legacy = (chart: EnvironmentChart) =>
  new kplus.Deployment(chart, 'legacy', {
    metadata: { name: 'legacy' },
    securityContext: { ensureNonRoot: true },
    containers: [
      {
        image: 'europe-docker.pkg.dev/shop-artifacts/apps/legacy:1.0.0',
        portNumber: 8080,
        resources: {},
      },
    ],
  });

const rawDeployment = (chart: EnvironmentChart) =>
  new ApiObject(chart, 'raw', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'raw' },
    spec: {
      selector: { matchLabels: { app: 'raw' } },
      template: {
        metadata: { labels: { app: 'raw' } },
        spec: {
          containers: [
            {
              name: 'raw',
              image: 'europe-docker.pkg.dev/shop-artifacts/apps/raw:1.0.0',
              ports: [{ containerPort: 9000 }],
            },
          ],
        },
      },
    },
  });

const web = (chart: EnvironmentChart, name = 'web') =>
  new WebService(chart, name, {
    image: 'web:1.0.0',
    port: 8080,
  });

describe('a workload this library did not make, in an environment with NetworkPolicies', () => {
  it('gets one warning per environment, naming it and the fix', () => {
    const { warnings } = synth((chart) => {
      legacy(chart);
    });
    expect(warnings.map((w) => w.where)).toEqual([
      "Deployment 'dev/legacy'",
      "Deployment 'prod/legacy'",
    ]);
    expect(warnings[0].problem).toBe(
      "the Deployment 'legacy' was not made by gke-platform, and no NetworkPolicy of the environment selects its pods: the namespace's default deny cuts them off from all traffic, in and out",
    );
    expect(warnings[0].fix).toContain("new ForeignWorkloadPolicy(chart, 'legacy', { pods:");
  });

  it('prints the warning on stderr once, by default', () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      synthesizePlatform(
        definition(true),
        (chart) => {
          rawDeployment(chart);
        },
        { releases: '/nonexistent', environments: ['dev'] },
      );
      expect(printed.mock.calls).toEqual([
        [
          expect.stringMatching(
            /^warning: ApiObject 'dev\/raw': the Deployment 'raw' was not made/,
          ),
        ],
      ]);
      expect(printed.mock.calls[0][0]).toContain('; allow what they need with');
    } finally {
      printed.mockRestore();
    }
  });

  it('gets no warning without NetworkPolicies, nor for the library’s own workloads', () => {
    expect(synth((chart) => void legacy(chart), false).warnings).toEqual([]);
    expect(synth((chart) => void web(chart)).warnings).toEqual([]);
  });

  it('gets no warning with a ForeignWorkloadPolicy, which a library client reaches it through', () => {
    const { warnings, objects } = synth((chart) => {
      const api = rawDeployment(chart);
      const client = web(chart);
      web(chart, 'stranger');
      new ForeignWorkloadPolicy(chart, 'raw-policy', {
        pods: api,
        ports: [9000],
        ingressFrom: [client],
        egressTo: [client],
      });
    });
    expect(warnings).toEqual([]);
    const pods = podsOf(objects);
    const pod = (name: string) => pods.find((p) => p.name === name)!;
    const to = (from: string, dest: string, port: number) =>
      isAllowed(objects, { from: pod(from), to: pod(dest), port });
    expect(to('web', 'raw', 9000)).toBe(true);
    expect(to('stranger', 'raw', 9000)).toBe(false);
    expect(to('web', 'raw', 9001)).toBe(false);
    expect(to('raw', 'web', 8080)).toBe(true);
    expect(to('raw', 'stranger', 8080)).toBe(false);
    expect(
      isAllowed(objects, { from: pod('raw'), to: KUBE_DNS_POD, port: 53, protocol: 'UDP' }),
    ).toBe(true);
    const policy = objects.find(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'raw-policy',
    );
    expect(policy?.spec.podSelector).toEqual({ matchLabels: { app: 'raw' } });
  });

  it('takes a cdk8s-plus workload, and admits load balancers', () => {
    const { warnings, objects } = synth((chart) => {
      const deployment = legacy(chart);
      new ForeignWorkloadPolicy(chart, 'legacy-policy', {
        pods: deployment,
        ports: [8080],
        ingressFrom: ['loadBalancer'],
      });
    });
    expect(warnings).toEqual([]);
    const legacyPod = podsOf(objects).find((p) => p.name === 'legacy')!;
    expect(
      isAllowed(objects, {
        from: { kind: 'address', ip: '35.191.0.1' },
        to: legacyPod,
        port: 8080,
      }),
    ).toBe(true);
    expect(
      isAllowed(objects, { from: { kind: 'address', ip: '8.8.8.8' }, to: legacyPod, port: 8080 }),
    ).toBe(false);
  });

  it('emits nothing without NetworkPolicies', () => {
    const { objects } = synth((chart) => {
      new ForeignWorkloadPolicy(chart, 'raw-policy', { pods: rawDeployment(chart) });
    }, false);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  it('refuses pods it cannot select, and ingress without ports', () => {
    const error = (define: (chart: EnvironmentChart) => void) => {
      try {
        synth(define);
      } catch (e) {
        if (e instanceof PlatformError) return e.message;
        throw e;
      }
      throw new Error('did not throw');
    };
    expect(error((chart) => void new ForeignWorkloadPolicy(chart, 'p', { pods: {} }))).toBe(
      "ForeignWorkloadPolicy 'dev/p': 'pods' selects no labels, so the policy would select every pod of the namespace; name labels that only the foreign pods carry",
    );
    expect(
      error(
        (chart) =>
          void new ForeignWorkloadPolicy(chart, 'p', {
            pods: { app: 'x' },
            ingressFrom: [web(chart)],
          }),
      ),
    ).toBe(
      "ForeignWorkloadPolicy 'dev/p': 'ports' is empty; name the pods' ports that 'ingressFrom' connects to",
    );
  });
});
