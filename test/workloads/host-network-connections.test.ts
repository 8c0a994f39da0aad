import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { ExternalService } from '#lib/workloads/external-service';
import type { ConnectionTarget } from '#lib/workloads/network/connections';
import { WebService } from '#lib/workloads/web-service';
import { isAllowed, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, type K8sObject, objectsOf } from '../support/synth';

/*
 * `connections` where one side runs on the node's network (`hostNetwork`): its packets carry
 * the node's address, which a NetworkPolicy's pod selectors never match
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods),
 * so the library refuses a connection that a derived policy would have to admit, and lets
 * through one whose other side has no policy to pass.
 */

const AGENT_IMAGE = 'fluent/fluent-bit:3.1.9';
const API_IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0';

const pod = (objects: K8sObject[], name: string) => {
  const found = podsOf(objects).find((p) => p.name === name);
  if (!found) throw new Error(`no pod ${name}`);
  return found;
};

describe('connections from a workload on the node network', () => {
  test('fails: to a service whose policy admits pods by their labels, naming why and the fix', () => {
    const chart = chartFor();
    const api = new WebService(chart, 'api', { image: API_IMAGE, port: 8080 });
    expect(
      () =>
        new DaemonAgent(chart, 'agent', {
          image: AGENT_IMAGE,
          hostNetwork: true,
          connections: { API: api },
        }),
    ).toThrow(
      "DaemonAgent 'prod/agent': 'connections.API' is WebService 'prod/api', whose NetworkPolicy admits pods by their labels, but this workload's pods use the node's network ('hostNetwork'): their connections come from the node's address, which no pod label matches, so only pods on the same node would answer; run the pods on the pod network (leave 'hostNetwork' out), or give WebService 'prod/api' 'networkPolicy: false' so that it admits all traffic",
    );
  });

  test('the policy such a connection would get never admits the node address (the defect refused)', () => {
    // The same pair on the pod network is admitted; on the node network, the client's pod
    // labels are not what the target's policy sees.
    const chart = chartFor();
    const api = new WebService(chart, 'api', { image: API_IMAGE, port: 8080 });
    new DaemonAgent(chart, 'agent', { image: AGENT_IMAGE, connections: { API: api } });
    const objects = objectsOf(chart);
    const agent = pod(objects, 'agent');
    const to = pod(objects, 'api');
    expect(isAllowed(objects, { from: agent, to, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: { ...agent, hostNetwork: true }, to, port: 8080 })).toBe(
      false,
    );
  });

  test("is let through to a service with 'networkPolicy: false', which admits all traffic", () => {
    const chart = chartFor();
    const api = new WebService(chart, 'api', {
      image: API_IMAGE,
      port: 8080,
      networkPolicy: false,
    });
    const agent = new DaemonAgent(chart, 'agent', {
      image: AGENT_IMAGE,
      hostNetwork: true,
      connections: { API: api },
    });
    const objects = objectsOf(chart);
    expect(agent.connections.map((c) => c.prefix)).toEqual(['API']);
    expect(
      isAllowed(objects, { from: pod(objects, 'agent'), to: pod(objects, 'api'), port: 8080 }),
    ).toBe(true);
  });

  test('is let through to a destination outside the cluster: no policy restricts the node', () => {
    const chart = chartFor();
    const db = new ExternalService(chart, 'db', {
      addresses: ['10.20.0.3'],
      ports: { postgres: 5432 },
    });
    expect(
      () =>
        new DaemonAgent(chart, 'agent', {
          image: AGENT_IMAGE,
          hostNetwork: true,
          connections: { DB: db },
        }),
    ).not.toThrow();
  });

  test('is let through in an environment without NetworkPolicies', () => {
    const platform = definePlatform({
      name: 'acme',
      environments: {
        dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: false },
      },
    });
    const chart = new EnvironmentChart(new App(), { platform, environment: 'dev' });
    const api = new WebService(chart, 'api', { image: 'nginx:1.27.3', port: 8080 });
    expect(
      () =>
        new DaemonAgent(chart, 'agent', {
          image: AGENT_IMAGE,
          hostNetwork: true,
          connections: { API: api },
        }),
    ).not.toThrow();
  });
});

describe('connections to a workload on the node network', () => {
  test('fails: a DaemonAgent is no Service to connect to', () => {
    const chart = chartFor();
    const agent = new DaemonAgent(chart, 'agent', { image: AGENT_IMAGE, hostNetwork: true });
    expect(
      () =>
        new WebService(chart, 'web', {
          image: API_IMAGE,
          port: 8080,
          connections: { AGENT: agent as never },
        }),
    ).toThrow(
      "WebService 'prod/web': 'connections.AGENT' is DaemonAgent 'prod/agent', which has no Service to connect to",
    );
  });

  test('fails: a connection target of your own whose pods are on the node network', () => {
    const chart = chartFor();
    const agent = new DaemonAgent(chart, 'agent', { image: AGENT_IMAGE, hostNetwork: true });
    const target: ConnectionTarget = {
      where: "NodeService 'prod/agent'",
      chart,
      name: 'agent',
      host: 'agent.acme-prod.svc.cluster.local',
      servicePorts: [{ name: 'metrics', port: 2020, targetPort: 2020 }],
      workload: agent,
    };
    expect(
      () =>
        new WebService(chart, 'web', {
          image: API_IMAGE,
          port: 8080,
          connections: { AGENT: target },
        }),
    ).toThrow(
      "WebService 'prod/web': 'connections.AGENT' is NodeService 'prod/agent', whose pods use the node's network ('hostNetwork'): connections to them go to the node's address, which this workload's NetworkPolicy cannot name by pod labels; run NodeService 'prod/agent''s pods on the pod network, or give this workload 'networkPolicy: false'",
    );
    expect(
      () =>
        new WebService(chart, 'legacy', {
          image: API_IMAGE,
          port: 8080,
          networkPolicy: false,
          connections: { AGENT: target },
        }),
    ).not.toThrow();
  });
});
