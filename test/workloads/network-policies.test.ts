import { App } from 'cdk8s';
import { DEFAULT_IP_RANGES } from '#lib/infra/plan';
import { definePlatform } from '#lib/platform/platform';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';
import { polarisFindings } from '#lib/validate/polaris';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { CronTask } from '#lib/workloads/cron-task';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { OneOffJob } from '#lib/workloads/job';
import { PROXY_ONLY_RANGE } from '#lib/workloads/network/network-ranges';
import { Schedule } from '#lib/workloads/batch/schedule';
import { WebEntrypoint } from '#lib/workloads/web-entrypoint';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { address, isAllowed, KUBE_DNS_POD, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * What each prop and each opt-out does to the NetworkPolicies, read from the emitted objects
 * (and, for reachability, through the evaluator in test/support).
 */

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3';
const jobImage = 'europe-docker.pkg.dev/acme-artifacts/jobs/fetch:1.2.0';
const web = (props: Partial<WebServiceProps<TestEnv>> = {}): WebServiceProps<TestEnv> => ({
  image,
  port: 8080,
  ...props,
});
const policy = (objects: K8sObject[], name: string) => find(objects, 'NetworkPolicy', name);
const pod = (objects: K8sObject[], name: string) => {
  const found = podsOf(objects).find((p) => p.name === name);
  if (!found) throw new Error(`no pod ${name}`);
  return found;
};
const tcp = (port: number) => ({ port, protocol: 'TCP' });
const ipBlocks = (...cidrs: string[]) => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
const DNS_RULE = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

describe('NetworkPolicies', () => {
  test('a default deny of ingress and egress for every pod of the namespace', () => {
    const chart = chartFor();
    new WebService(chart, 'web', web());
    const objects = objectsOf(chart);
    expect(policy(objects, 'default-deny')).toMatchObject({
      metadata: { namespace: 'acme-prod' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    expect(policy(objects, 'default-deny').spec.ingress).toBeUndefined();
    expect(policy(objects, 'default-deny').spec.egress).toBeUndefined();
  });

  test('a WebService nobody reaches: DNS out, nothing in, and Polaris told why', () => {
    const chart = chartFor();
    new WebService(chart, 'web', web());
    const objects = objectsOf(chart);
    expect(policy(objects, 'web').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [DNS_RULE],
    });
    expect(find(objects, 'Deployment', 'web').metadata.annotations).toEqual({
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
    });
  });

  test('connections: ingress from each client on the container port, egress from the client to it, whatever the order of creation', () => {
    const chart = chartFor();
    const redis = new WebService(chart, 'redis', web({ port: 6379, service: { port: 6379 } }));
    // The clients come after redis's policy object exists; its rules are read at synth.
    new WebService(chart, 'worker', web({ connections: { REDIS: redis } }));
    new WebService(chart, 'api', web({ port: 5000, connections: { REDIS: redis } }));
    const objects = objectsOf(chart);
    expect(policy(objects, 'redis').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
            },
          },
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'worker',
                'app.kubernetes.io/instance': 'worker',
              },
            },
          },
        ],
        ports: [tcp(6379)],
      },
    ]);
    expect(policy(objects, 'api').spec.egress).toEqual([
      DNS_RULE,
      {
        to: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'redis',
                'app.kubernetes.io/instance': 'redis',
              },
            },
          },
        ],
        ports: [tcp(6379)],
      },
    ]);
    expect(
      isAllowed(objects, { from: pod(objects, 'api'), to: pod(objects, 'redis'), port: 6379 }),
    ).toBe(true);
    expect(
      isAllowed(objects, { from: pod(objects, 'api'), to: pod(objects, 'worker'), port: 8080 }),
    ).toBe(false);
    expect(
      isAllowed(objects, { from: pod(objects, 'redis'), to: pod(objects, 'api'), port: 5000 }),
    ).toBe(false);
  });

  test('an external entrypoint: Google Front Ends and health checkers, on the serving and the health port', () => {
    const chart = chartFor();
    const app = new WebService(
      chart,
      'web',
      web({
        sidecars: [{ name: 'status', image, port: 9000 }],
        health: { path: '/ready', port: 9000 },
      }),
    );
    const entrypoint = new WebEntrypoint(chart, 'edge');
    entrypoint.route('/', app);
    const objects = objectsOf(chart);
    expect(policy(objects, 'web').spec.ingress).toEqual([
      { from: ipBlocks('130.211.0.0/22', '35.191.0.0/16'), ports: [tcp(8080), tcp(9000)] },
    ]);
    expect(find(objects, 'Deployment', 'web').metadata.annotations).toBeUndefined();
    const target = pod(objects, 'web');
    expect(isAllowed(objects, { from: address('35.191.3.4'), to: target, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: address('130.211.2.1'), to: target, port: 9000 })).toBe(true);
    expect(isAllowed(objects, { from: address('203.0.113.7'), to: target, port: 8080 })).toBe(
      false,
    );
  });

  test('an internal entrypoint: the proxy-only subnet and the health checkers', () => {
    const chart = chartFor();
    const app = new WebService(chart, 'web', web());
    const entrypoint = new WebEntrypoint(chart, 'intranet', {
      internal: true,
      managedCertificate: false,
      redirectToHttps: false,
    });
    entrypoint.route('/', app);
    const objects = objectsOf(chart);
    expect(policy(objects, 'web').spec.ingress).toEqual([
      {
        from: ipBlocks('10.129.0.0/23', '130.211.0.0/22', '35.191.0.0/16'),
        ports: [tcp(8080)],
      },
    ]);
  });

  test("the proxy-only range is the stack's default proxy-only subnet", () => {
    expect(PROXY_ONLY_RANGE).toBe(DEFAULT_IP_RANGES.proxyOnly);
  });

  test("an environment's declared proxy-only subnet is the range its policies open", () => {
    const own = definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: {
        prod: {
          project: 'acme-prod',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          internalLoadBalancing: true,
          proxyOnlySubnet: '10.200.4.0/23',
        },
      },
    });
    const chart = new EnvironmentChart(new App(), { platform: own, environment: 'prod' });
    const app = new WebService(chart, 'web', { image, port: 8080 });
    new WebEntrypoint(chart, 'intranet', {
      internal: true,
      managedCertificate: false,
      redirectToHttps: false,
    }).route('/', app);
    const objects = objectsOf(chart);
    expect(policy(objects, 'web').spec.ingress).toEqual([
      { from: ipBlocks('10.200.4.0/23', '130.211.0.0/22', '35.191.0.0/16'), ports: [tcp(8080)] },
    ]);
    const target = pod(objects, 'web');
    expect(isAllowed(objects, { from: address('10.200.5.9'), to: target, port: 8080 })).toBe(true);
    // The default range is not opened where the environment declares another.
    expect(isAllowed(objects, { from: address('10.129.0.9'), to: target, port: 8080 })).toBe(false);
  });

  test('a LoadBalancer Service: its sourceRanges, or any client, on the container port', () => {
    const chart = chartFor();
    new WebService(chart, 'open', web({ service: { type: 'LoadBalancer' } }));
    new WebService(
      chart,
      'office',
      web({ service: { type: 'LoadBalancer', sourceRanges: ['203.0.113.0/24'] } }),
    );
    const objects = objectsOf(chart);
    expect(policy(objects, 'open').spec.ingress).toEqual([
      { from: ipBlocks('0.0.0.0/0'), ports: [tcp(8080)] },
    ]);
    expect(policy(objects, 'office').spec.ingress).toEqual([
      { from: ipBlocks('203.0.113.0/24'), ports: [tcp(8080)] },
    ]);
    const office = pod(objects, 'office');
    expect(isAllowed(objects, { from: address('203.0.113.9'), to: office, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: address('198.51.100.9'), to: office, port: 8080 })).toBe(
      false,
    );
  });

  test('workloadIdentity: the GKE metadata server on 169.254.169.254:80 and 169.254.169.252:988', () => {
    const chart = chartFor();
    new WebService(chart, 'web', web({ workloadIdentity: true }));
    new WebService(chart, 'plain', web());
    const objects = objectsOf(chart);
    expect(policy(objects, 'web').spec.egress).toEqual([
      DNS_RULE,
      { to: ipBlocks('169.254.169.254/32'), ports: [tcp(80)] },
      { to: ipBlocks('169.254.169.252/32'), ports: [tcp(988)] },
    ]);
    expect(policy(objects, 'plain').spec.egress).toEqual([DNS_RULE]);
  });

  test('egress: ranges with ports and protocol, every port, the internet, per environment', () => {
    const egress = {
      dev: [{ cidr: 'internet' }],
      prod: [
        { cidr: '10.20.0.3/32', ports: [5432] },
        { cidr: '192.0.2.0/24', ports: [514], protocol: 'UDP' as const },
        { cidr: '198.51.100.0/24' },
        { cidr: 'internet', ports: [443] },
      ],
    };
    const synth = (env: TestEnv) => {
      const chart = chartFor(env);
      new CronTask(chart, 'job', { image: jobImage, schedule: Schedule.hourly(), egress });
      return objectsOf(chart);
    };
    const prod = synth('prod');
    const internet = {
      cidr: '0.0.0.0/0',
      except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'],
    };
    expect(policy(prod, 'job').spec.egress).toEqual([
      DNS_RULE,
      { to: ipBlocks('10.20.0.3/32'), ports: [tcp(5432)] },
      { to: ipBlocks('192.0.2.0/24'), ports: [{ port: 514, protocol: 'UDP' }] },
      { to: ipBlocks('198.51.100.0/24') },
      { to: [{ ipBlock: internet }], ports: [tcp(443)] },
    ]);
    expect(policy(synth('dev'), 'job').spec.egress).toEqual([
      DNS_RULE,
      { to: [{ ipBlock: internet }] },
    ]);
    const job = pod(prod, 'job');
    const reach = (ip: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP') =>
      isAllowed(prod, { from: job, to: address(ip), port, protocol });
    expect(reach('10.20.0.3', 5432)).toBe(true);
    expect(reach('10.20.0.4', 5432)).toBe(false);
    expect(reach('192.0.2.7', 514, 'UDP')).toBe(true);
    expect(reach('192.0.2.7', 514, 'TCP')).toBe(false);
    expect(reach('198.51.100.3', 22)).toBe(true);
    expect(reach('8.8.8.8', 443)).toBe(true);
    expect(reach('8.8.8.8', 80)).toBe(false);
    expect(reach('172.16.5.5', 443)).toBe(false);
    expect(reach('169.254.169.254', 443)).toBe(false);
  });

  test('CronTask and OneOffJob: DNS out, nothing in, exempted from Polaris for the closed ingress', () => {
    const chart = chartFor();
    new CronTask(chart, 'nightly', { image: jobImage, schedule: Schedule.dailyAt('02:00') });
    new OneOffJob(chart, 'migrate', { image: jobImage });
    const objects = objectsOf(chart);
    for (const [kind, name] of [
      ['CronJob', 'nightly'],
      ['Job', 'migrate'],
    ]) {
      expect(policy(objects, name).spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': name } },
        policyTypes: ['Ingress', 'Egress'],
        egress: [DNS_RULE],
      });
      expect(find(objects, kind, name).metadata.annotations).toMatchObject({
        'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
      });
      expect(
        isAllowed(objects, {
          from: pod(objects, name),
          to: KUBE_DNS_POD,
          port: 53,
          protocol: 'UDP',
        }),
      ).toBe(true);
    }
    expect(polarisFindings(objects).filter((f) => f.check === 'missingNetworkPolicy')).toEqual([]);
  });

  test("networkPolicy: false: a policy that allows all, in the open, and the others' rules still hold", () => {
    const chart = chartFor();
    new WebService(chart, 'legacy', web({ networkPolicy: false }));
    new WebService(chart, 'web', web());
    const objects = objectsOf(chart);
    expect(policy(objects, 'legacy')).toMatchObject({
      metadata: {
        annotations: { 'gke-platform/network-policies': "allow-all ('networkPolicy: false')" },
      },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'legacy' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{}],
        egress: [{}],
      },
    });
    const legacy = pod(objects, 'legacy');
    expect(isAllowed(objects, { from: address('203.0.113.1'), to: legacy, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: legacy, to: address('203.0.113.1'), port: 25 })).toBe(true);
    expect(isAllowed(objects, { from: legacy, to: pod(objects, 'web'), port: 8080 })).toBe(false);
  });

  test("an environment's networkPolicies: false: no policy at all, and the Namespace says so", () => {
    const platform = definePlatform({
      name: 'acme',
      environments: {
        dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: false },
        prod: { nodePools: { general: { machineType: 'e2-standard-2' } } },
      },
    });
    const synth = (environment: 'dev' | 'prod') => {
      const chart = new EnvironmentChart(new App(), { platform, environment });
      new WebService(chart, 'web', {
        image: 'nginx:1.27.3',
        port: 8080,
        egress: [{ cidr: 'internet' }],
      });
      return chart.toJson() as K8sObject[];
    };
    const dev = synth('dev');
    expect(dev.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
    expect(find(dev, 'Namespace', 'acme-dev').metadata.annotations).toEqual({
      'gke-platform/network-policies': 'disabled',
    });
    expect(
      synth('prod')
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((o) => o.metadata.name),
    ).toEqual(['default-deny', 'web']);
  });

  test('a DaemonAgent on the node network gets no policy, which would not apply to it, and says so to Polaris', () => {
    const chart = chartFor();
    new DaemonAgent(chart, 'agent', { image: 'fluent/fluent-bit:3.1.9', hostNetwork: true });
    const objects = objectsOf(chart);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toEqual([
      'default-deny',
    ]);
    expect(find(objects, 'DaemonSet', 'agent').metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
    });
    expect(
      isAllowed(objects, { from: pod(objects, 'agent'), to: address('203.0.113.1'), port: 443 }),
    ).toBe(true);
  });

  test('every object of a chart with every case is valid on 1.27 and 1.36 and under the semantic rules', () => {
    const chart = chartFor();
    const redis = new WebService(chart, 'redis', web({ port: 6379, workloadIdentity: false }));
    const app = new WebService(
      chart,
      'web',
      web({
        workloadIdentity: true,
        connections: { REDIS: redis },
        egress: [{ cidr: 'internet', ports: [443] }],
      }),
    );
    new WebService(
      chart,
      'api',
      web({ service: { type: 'LoadBalancer', sourceRanges: ['203.0.113.0/24'] } }),
    );
    new WebService(chart, 'legacy', web({ networkPolicy: false }));
    new WebEntrypoint(chart, 'edge').route('/', app);
    new CronTask(chart, 'job', {
      image: jobImage,
      schedule: Schedule.hourly(),
      egress: [{ cidr: '10.20.0.0/16', ports: [5432] }],
    });
    new DaemonAgent(chart, 'agent', { image: 'fluent/fluent-bit:3.1.9', hostNetwork: true });
    const objects = objectsOf(chart);
    expect(validateObjects(objects, KUBERNETES_VERSIONS).map((p) => p.message)).toEqual([]);
    expect(validateSemantics(objects as KubernetesObject[])).toEqual([]);
    expect(polarisFindings(objects).filter((f) => f.check === 'missingNetworkPolicy')).toEqual([]);
  });

  describe('bad input', () => {
    const fails = (props: Partial<WebServiceProps<TestEnv>>, message: string) => {
      expect(() => new WebService(chartFor(), 'web', web(props))).toThrow(message);
    };
    test('fails: an egress range that is not a CIDR', () => {
      fails(
        { egress: [{ cidr: '10.0.0.1' }] },
        "WebService 'prod/web': 'egress[0].cidr' is \"10.0.0.1\", which is not a CIDR (no prefix length)",
      );
    });
    test('fails: an egress port that is not a port', () => {
      fails(
        { egress: [{ cidr: '10.0.0.0/8', ports: [0] }] },
        "WebService 'prod/web': 'egress[0].ports[0]' is 0, which is not a port number; use a whole number from 1 to 65535",
      );
    });
    test('fails: an empty list of egress ports', () => {
      fails(
        { egress: [{ cidr: '10.0.0.0/8', ports: [] }] },
        "WebService 'prod/web': 'egress[0].ports' is []; list at least one port, or leave it out for every port",
      );
    });
    test('fails: an egress protocol other than TCP and UDP', () => {
      fails(
        { egress: [{ cidr: '10.0.0.0/8', protocol: 'ICMP' as 'TCP' }] },
        "WebService 'prod/web': 'egress[0].protocol' is \"ICMP\"; use 'TCP' or 'UDP'",
      );
    });
    test('fails: egress with networkPolicy: false', () => {
      fails(
        { networkPolicy: false, egress: [{ cidr: 'internet' }] },
        "WebService 'prod/web': 'egress' is set, but 'networkPolicy' is false, so all egress is allowed anyway; leave 'egress' out, or let the workload have its NetworkPolicy",
      );
    });
    test('fails: egress on the node network', () => {
      expect(
        () =>
          new DaemonAgent(chartFor(), 'agent', {
            image: 'fluent/fluent-bit:3.1.9',
            hostNetwork: true,
            egress: [{ cidr: 'internet' }],
          }),
      ).toThrow(
        "DaemonAgent 'prod/agent': 'egress' is set, but the pods use the node's network ('hostNetwork'), which NetworkPolicies do not apply to; leave 'egress' out, or run the pods on the pod network",
      );
    });
    test('fails: a workload named like the default deny', () => {
      expect(() => new WebService(chartFor(), 'default-deny', web())).toThrow(
        "WebService 'prod/default-deny': 'name' 'default-deny' is already used by",
      );
    });
  });
});
