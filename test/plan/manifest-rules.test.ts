import type { ChangeAction, Risk } from '#lib/plan/change';
import type { Obj } from '#lib/plan/network-policy-eval';
import { planEnvironment, planObject } from '#lib/plan/plan-manifests';

/** A small object of `kind` in namespace `shop`, with `spec`. */
function object(
  apiVersion: string,
  kind: string,
  name: string,
  spec: Obj,
  metadata: Obj = {},
): Obj {
  return { apiVersion, kind, metadata: { name, namespace: 'shop', ...metadata }, spec };
}

const template = (image: string, labels: Obj = { app: 'web' }) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] },
});
const deployment = (spec: Obj = {}) =>
  object('apps/v1', 'Deployment', 'web', {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: template('web:1'),
    ...spec,
  });
const statefulSet = (spec: Obj = {}) =>
  object('apps/v1', 'StatefulSet', 'db', {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: template('db:1', { app: 'db' }),
    volumeClaimTemplates: [
      { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } },
    ],
    ...spec,
  });
const claim = (spec: Obj = {}) =>
  object('v1', 'PersistentVolumeClaim', 'data', {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'premium-rwo',
    resources: { requests: { storage: '10Gi' } },
    ...spec,
  });
const service = (spec: Obj = {}, annotations?: Obj) =>
  object(
    'v1',
    'Service',
    'web',
    { type: 'ClusterIP', clusterIP: '10.0.0.10', ports: [{ port: 80 }], ...spec },
    annotations ? { annotations } : {},
  );
const ingress = (annotations: Obj) =>
  object('networking.k8s.io/v1', 'Ingress', 'web', {}, { annotations });
const gateway = (addresses?: Obj[]) =>
  object('gateway.networking.k8s.io/v1', 'Gateway', 'web', {
    gatewayClassName: 'gke-l7-global-external-managed',
    addresses,
  });
const certificate = (domains: string[]) =>
  object('networking.gke.io/v1', 'ManagedCertificate', 'web', { domains });
const job = (image: string) =>
  object('batch/v1', 'Job', 'migrate', {
    template: { ...template(image), spec: { ...template(image).spec, restartPolicy: 'Never' } },
  });
const hpa = (minReplicas: number, maxReplicas = 10) =>
  object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { minReplicas, maxReplicas });
const pdb = (budget: Obj) =>
  object('policy/v1', 'PodDisruptionBudget', 'web', {
    selector: { matchLabels: { app: 'web' } },
    ...budget,
  });
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

interface Case {
  readonly rule: string;
  readonly before?: Obj;
  readonly after?: Obj;
  readonly action: ChangeAction;
  readonly risk: Risk;
  /** A part of the one reason expected (the whole reason list when several). */
  readonly reason: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'an object created',
    after: deployment(),
    action: 'create',
    risk: 'safe',
    reason: /^Deployment created$/,
  },
  {
    rule: 'a ConfigMap updated',
    before: object('v1', 'ConfigMap', 'c', {}),
    after: { ...object('v1', 'ConfigMap', 'c', {}), data: { a: '1' } },
    action: 'update',
    risk: 'safe',
    reason: /^ConfigMap updated in place$/,
  },
  {
    rule: 'a StatefulSet deleted',
    before: statefulSet(),
    action: 'delete',
    risk: 'destructive',
    reason: /StatefulSet deleted: its replicas stop, and its claims stay behind/,
  },
  {
    rule: 'a StatefulSet that deletes its claims deleted',
    before: statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }),
    action: 'delete',
    risk: 'destructive',
    reason: /claims and their disks are deleted with it/,
  },
  {
    rule: 'a claim deleted',
    before: claim(),
    action: 'delete',
    risk: 'destructive',
    reason: /claim deleted: its disk is deleted too/,
  },
  {
    rule: 'a namespace deleted',
    before: namespace,
    action: 'delete',
    risk: 'destructive',
    reason: /namespace deleted: Kubernetes deletes every object in it/,
  },
  {
    rule: 'a Deployment deleted',
    before: deployment(),
    action: 'delete',
    risk: 'disruptive',
    reason: /^Deployment deleted: its pods stop$/,
  },
  {
    rule: 'a ConfigMap deleted',
    before: object('v1', 'ConfigMap', 'c', {}),
    action: 'delete',
    risk: 'safe',
    reason: /^ConfigMap deleted$/,
  },
  {
    rule: 'a claim shrinks',
    before: claim(),
    after: claim({ resources: { requests: { storage: '5Gi' } } }),
    action: 'replace',
    risk: 'destructive',
    reason: /claim shrinks from 10Gi to 5Gi: the API server refuses a smaller size/,
  },
  {
    rule: 'a claim grows',
    before: claim(),
    after: claim({ resources: { requests: { storage: '20Gi' } } }),
    action: 'update',
    risk: 'safe',
    reason: /claim grows from 10Gi to 20Gi: the disk is expanded in place/,
  },
  {
    rule: "a claim's class changes",
    before: claim(),
    after: claim({ storageClassName: 'standard-rwo' }),
    action: 'replace',
    risk: 'destructive',
    reason:
      /spec.storageClassName is immutable \(core validation ValidatePersistentVolumeClaimUpdate\).*deletes its disk/,
  },
  {
    rule: "an Ingress's static IP changes",
    before: ingress({ 'kubernetes.io/ingress.global-static-ip-name': 'web' }),
    after: ingress({ 'kubernetes.io/ingress.global-static-ip-name': 'web2' }),
    action: 'update',
    risk: 'destructive',
    reason: /static address changes from 'web' to 'web2'/,
  },
  {
    rule: "an Ingress's static IP released",
    before: ingress({ 'kubernetes.io/ingress.regional-static-ip-name': 'web' }),
    after: ingress({}),
    action: 'update',
    risk: 'destructive',
    reason: /static address 'web' released: the load balancer gets an ephemeral address/,
  },
  {
    rule: 'an Ingress with a static IP deleted',
    before: ingress({ 'kubernetes.io/ingress.global-static-ip-name': 'web' }),
    action: 'delete',
    risk: 'destructive',
    reason: /load balancer deleted: it releases 'web'/,
  },
  {
    rule: "a Service's load balancer address changes",
    before: service(
      { type: 'LoadBalancer' },
      { 'networking.gke.io/load-balancer-ip-addresses': 'a' },
    ),
    after: service(
      { type: 'LoadBalancer' },
      { 'networking.gke.io/load-balancer-ip-addresses': 'b' },
    ),
    action: 'update',
    risk: 'destructive',
    reason: /static address changes from 'a' to 'b'/,
  },
  {
    rule: "a Service's loadBalancerIP removed",
    before: service({ type: 'LoadBalancer', loadBalancerIP: '203.0.113.5' }),
    after: service({ type: 'LoadBalancer' }),
    action: 'update',
    risk: 'destructive',
    reason: /static address '203.0.113.5' released/,
  },
  {
    rule: "a Gateway's address changes",
    before: gateway([{ type: 'NamedAddress', value: 'web' }]),
    after: gateway([{ type: 'NamedAddress', value: 'other' }]),
    action: 'update',
    risk: 'destructive',
    reason: /static address changes from 'web' to 'other'/,
  },
  {
    rule: "a ManagedCertificate's domains change",
    before: certificate(['shop.example.com']),
    after: certificate(['shop.example.com', 'www.shop.example.com']),
    action: 'update',
    risk: 'destructive',
    reason:
      /Google provisions a new certificate, and HTTPS fails until it is Active \(up to 60 minutes\)/,
  },
  {
    rule: 'a ManagedCertificate deleted',
    before: certificate(['shop.example.com']),
    action: 'delete',
    risk: 'disruptive',
    reason: /certificate deleted: HTTPS for 'shop.example.com' needs another certificate/,
  },
  {
    rule: "a Deployment's selector changes",
    before: deployment(),
    after: deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } } }),
    action: 'replace',
    risk: 'replace',
    reason:
      /spec.selector is immutable \(apps validation ValidateDeploymentUpdate\): kubectl apply fails and the Deployment must be replaced; deleting and creating it stops every pod at once/,
  },
  {
    rule: "a DaemonSet's selector changes",
    before: object('apps/v1', 'DaemonSet', 'agent', { selector: { matchLabels: { a: '1' } } }),
    after: object('apps/v1', 'DaemonSet', 'agent', { selector: { matchLabels: { a: '2' } } }),
    action: 'replace',
    risk: 'replace',
    reason: /ValidateDaemonSetUpdate/,
  },
  {
    rule: "a StatefulSet's volumeClaimTemplates change",
    before: statefulSet(),
    after: statefulSet({
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '20Gi' } } } },
      ],
    }),
    action: 'replace',
    risk: 'replace',
    reason:
      /spec.volumeClaimTemplates is immutable \(apps validation ValidateStatefulSetUpdate\).*claims are kept and reattached by name/,
  },
  {
    rule: "a StatefulSet's serviceName changes",
    before: statefulSet(),
    after: statefulSet({ serviceName: 'db-peers' }),
    action: 'replace',
    risk: 'replace',
    reason: /spec.serviceName is immutable/,
  },
  {
    rule: "a StatefulSet's podManagementPolicy changes, deleting its claims",
    before: statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }),
    after: statefulSet({
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' },
      podManagementPolicy: 'Parallel',
    }),
    action: 'replace',
    risk: 'destructive',
    reason: /spec.podManagementPolicy is immutable.*deleting it deletes its claims and their disks/,
  },
  {
    rule: "a Service's clusterIP changes",
    before: service(),
    after: service({ clusterIP: '10.0.0.11' }),
    action: 'replace',
    risk: 'replace',
    reason: /spec.clusterIP is immutable \(core validation ValidateServiceUpdate\).*new address/,
  },
  {
    rule: 'a Service becomes ExternalName',
    before: service(),
    after: service({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: undefined }),
    action: 'update',
    risk: 'disruptive',
    reason: /type changes from ClusterIP to ExternalName: the Service releases its cluster IP/,
  },
  {
    rule: "a Job's template changes",
    before: job('migrate:1'),
    after: job('migrate:2'),
    action: 'replace',
    risk: 'replace',
    reason:
      /spec.template is immutable \(batch validation ValidateJobSpecUpdate\).*runs the Job again/,
  },
  {
    rule: 'a pod template changes',
    before: deployment(),
    after: deployment({ template: template('web:2') }),
    action: 'update',
    risk: 'disruptive',
    reason: /^pod template changed: a rolling update restarts every pod of the Deployment$/,
  },
  {
    rule: 'fewer replicas',
    before: deployment(),
    after: deployment({ replicas: 2 }),
    action: 'update',
    risk: 'disruptive',
    reason: /replicas drop from 3 to 2: 1 pods stop/,
  },
  {
    rule: 'more replicas',
    before: deployment(),
    after: deployment({ replicas: 4 }),
    action: 'update',
    risk: 'safe',
    reason: /^Deployment updated in place$/,
  },
  {
    rule: 'a lower autoscaler minimum',
    before: hpa(3),
    after: hpa(2),
    action: 'update',
    risk: 'disruptive',
    reason: /autoscaler minimum drops from 3 to 2/,
  },
  {
    rule: 'a lower autoscaler maximum',
    before: hpa(2, 10),
    after: hpa(2, 5),
    action: 'update',
    risk: 'disruptive',
    reason: /autoscaler maximum drops from 10 to 5/,
  },
  {
    rule: 'a tighter budget (minAvailable up)',
    before: pdb({ minAvailable: 1 }),
    after: pdb({ minAvailable: 2 }),
    action: 'update',
    risk: 'disruptive',
    reason: /disruption budget tightens \(minAvailable 1 to minAvailable 2\)/,
  },
  {
    rule: 'a tighter budget (maxUnavailable down, percent)',
    before: pdb({ maxUnavailable: '50%' }),
    after: pdb({ maxUnavailable: '25%' }),
    action: 'update',
    risk: 'disruptive',
    reason: /maxUnavailable 50% to maxUnavailable 25%/,
  },
  {
    rule: 'a looser budget',
    before: pdb({ maxUnavailable: 1 }),
    after: pdb({ maxUnavailable: 2 }),
    action: 'update',
    risk: 'safe',
    reason: /updated in place/,
  },
];

describe('the risk rules of a planned object change', () => {
  it.each(CASES)('$rule: $action, $risk', ({ before, after, action, risk, reason }) => {
    const change = planObject('prod', before, after)!;
    expect(change).toMatchObject({ environment: 'prod', side: 'manifests', action, risk });
    expect(change.reasons).toHaveLength(1);
    expect(change.reasons[0]).toMatch(reason);
  });

  it('reports nothing for an object that did not change', () => {
    expect(planObject('prod', deployment(), deployment())).toBeUndefined();
  });

  it('names list items by their name, so a reorder is no change', () => {
    const two = (order: string[]) =>
      deployment({
        template: { spec: { containers: order.map((name) => ({ name, image: `${name}:1` })) } },
      });
    expect(planObject('prod', two(['a', 'b']), two(['b', 'a']))).toBeUndefined();
    const changed = planObject('prod', two(['a', 'b']), {
      ...two(['a', 'b']),
      spec: {
        ...two(['a', 'b']).spec,
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'a:1' },
              { name: 'b', image: 'b:2' },
            ],
          },
        },
      },
    })!;
    expect(changed.fields).toEqual([
      { path: 'spec.template.spec.containers[b].image', before: 'b:1', after: 'b:2' },
    ]);
  });

  it('keeps every reason when several rules apply, with the worst risk', () => {
    const change = planObject(
      'prod',
      deployment(),
      deployment({ replicas: 1, template: template('web:2') }),
    )!;
    expect(change.risk).toBe('disruptive');
    expect(change.reasons).toEqual([
      'pod template changed: a rolling update restarts every pod of the Deployment',
      'replicas drop from 3 to 1: 2 pods stop and capacity drops',
    ]);
  });
});

describe('a NetworkPolicy that now denies a connection', () => {
  const web = object('apps/v1', 'Deployment', 'web', {
    selector: { matchLabels: { app: 'web' } },
    template: template('web:1', { app: 'web' }),
  });
  const api = object('apps/v1', 'Deployment', 'api', {
    selector: { matchLabels: { app: 'api' } },
    template: template('api:1', { app: 'api' }),
  });
  const allowFromWeb = (port: number) =>
    object('networking.k8s.io/v1', 'NetworkPolicy', 'api', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'web' } } }],
          ports: [{ port, protocol: 'TCP' }],
        },
      ],
    });

  it('names the two workloads and the port, on the changed policy', () => {
    const changes = planEnvironment(
      'prod',
      [web, api, allowFromWeb(8080)],
      [web, api, allowFromWeb(9090)],
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'NetworkPolicy',
      name: 'shop/api',
      action: 'update',
      risk: 'disruptive',
    });
    expect(changes[0].reasons).toEqual([
      'NetworkPolicy now denies web → api on port 8080, which was allowed: those requests fail',
    ]);
  });

  it('finds a connection cut by a new policy', () => {
    const denyAll = object('networking.k8s.io/v1', 'NetworkPolicy', 'deny', {
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const changes = planEnvironment('prod', [web, api], [web, api, denyAll]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'NetworkPolicy',
      action: 'create',
      risk: 'disruptive',
    });
    expect(changes[0].reasons).toEqual(
      expect.arrayContaining([
        'NetworkPolicy now denies web → api on port 8080, which was allowed: those requests fail',
        'NetworkPolicy now denies api → web on port 8080, which was allowed: those requests fail',
      ]),
    );
  });

  it('leaves a policy that allows more safe', () => {
    const changes = planEnvironment('prod', [web, api, allowFromWeb(8080)], [web, api]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'delete', risk: 'safe' });
  });
});
