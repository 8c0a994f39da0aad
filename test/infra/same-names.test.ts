import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { type ProgramRun, runProgram, stackConfig } from './app-stack';

/**
 * The contract between the two sides, read from both: every node pool, GPU type, taint,
 * static IP and workload identity that the synthesized manifests of an environment name is
 * one that the Pulumi stack of that environment creates, under the same name.
 */
type Obj = Record<string, any>;

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);

const STATIC_IP_ANNOTATIONS = [
  'kubernetes.io/ingress.global-static-ip-name',
  'kubernetes.io/ingress.regional-static-ip-name',
  'networking.gke.io/load-balancer-ip-addresses',
];

function podSpecs(objects: Obj[]): Obj[] {
  return objects.flatMap((o) => {
    if (o.kind === 'CronJob') return [o.spec.jobTemplate.spec.template.spec];
    if (['Deployment', 'DaemonSet', 'Job'].includes(o.kind)) return [o.spec.template.spec];
    return [];
  });
}

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);
describe.each(['dev', 'prod'] as const)('the %s manifests and the %s stack', (env) => {
  let run: ProgramRun;
  let objects: Obj[];
  const created = (type: string) =>
    run.registered.filter((r) => r.type === type).map((r) => r.inputs);

  beforeAll(async () => {
    run = await runProgram(stackConfig(env));
    objects = synthesizePlatform(platform, defineShop, { environments: [env] })[0].objects as Obj[];
  });

  it('agree on the namespace', () => {
    expect(run.outputs.namespace).toBe(objects[0].metadata.name);
  });

  it('agree on static IP names: every address a manifest names is created, of the right kind', () => {
    const global = created('gcp:compute/globalAddress:GlobalAddress').map((a) => a.name);
    const regional = created('gcp:compute/address:Address').map((a) => a.name);
    const referenced = objects.flatMap((o) =>
      STATIC_IP_ANNOTATIONS.filter((key) => o.metadata.annotations?.[key]).map((key) => [
        key,
        o.metadata.annotations[key],
      ]),
    );
    expect(referenced.length).toBeGreaterThan(0);
    for (const [key, name] of referenced) {
      expect(key.includes('global') ? global : regional).toContain(name);
    }
  });

  it('agree on Cloud Armor policies and pre-shared certificates: every one named is created', () => {
    const policies = created('gcp:compute/securityPolicy:SecurityPolicy').map((p) => p.name);
    const certificates = [
      ...created('gcp:compute/managedSslCertificate:ManagedSslCertificate'),
      ...created('gcp:compute/sSLCertificate:SSLCertificate'),
    ].map((c) => c.name);
    const named = objects
      .filter((o) => o.kind === 'BackendConfig' && o.spec.securityPolicy)
      .map((o) => o.spec.securityPolicy.name);
    const served = objects.flatMap((o) =>
      (o.metadata.annotations?.['ingress.gcp.kubernetes.io/pre-shared-cert'] ?? '')
        .split(',')
        .filter(Boolean),
    );
    expect(named.length).toBe(env === 'prod' ? 2 : 0);
    for (const name of named) expect(policies).toContain(name);
    for (const name of served) expect(certificates).toContain(name);
  });

  it('agree on node pools, GPU types and taints', () => {
    const pools = created('gcp:container/nodePool:NodePool');
    const poolNames = pools.map((p) => p.name);
    const gpuTypes = pools.flatMap((p) => p.nodeConfig.guestAccelerators.map((g: Obj) => g.type));
    const taints = pools.flatMap((p) => p.nodeConfig.taints.map((t: Obj) => `${t.key}=${t.value}`));
    for (const spec of podSpecs(objects)) {
      const selector = spec.nodeSelector ?? {};
      if (selector['cloud.google.com/gke-nodepool'])
        expect(poolNames).toContain(selector['cloud.google.com/gke-nodepool']);
      if (selector['cloud.google.com/gke-accelerator'])
        expect(gpuTypes).toContain(selector['cloud.google.com/gke-accelerator']);
      const affinity = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      for (const term of affinity?.nodeSelectorTerms ?? []) {
        for (const e of term.matchExpressions)
          if (e.key === 'cloud.google.com/gke-nodepool')
            for (const v of e.values) expect(poolNames).toContain(v);
      }
      for (const t of spec.tolerations ?? []) {
        if (t.operator === 'Equal') expect(taints).toContain(`${t.key}=${t.value}`);
      }
    }
    if (env === 'prod') expect(gpuTypes).toEqual(['nvidia-l4']);
  });

  it('agree on workload identity: the KSA annotation names the GSA the stack binds to that KSA', () => {
    const annotated = objects.filter(
      (o) =>
        o.kind === 'ServiceAccount' && o.metadata.annotations?.['iam.gke.io/gcp-service-account'],
    );
    expect(annotated.map((o) => o.metadata.name)).toEqual([
      'storefront',
      'admin',
      'fetch-rates',
      'sales-report',
    ]);
    const accounts = created('gcp:serviceaccount/account:Account');
    const members = created('gcp:serviceaccount/iAMMember:IAMMember');
    for (const ksa of annotated) {
      const email: string = ksa.metadata.annotations['iam.gke.io/gcp-service-account'];
      const [accountId, domain] = email.split('@');
      expect(accounts).toContainEqual(expect.objectContaining({ accountId }));
      const project = domain.replace('.iam.gserviceaccount.com', '');
      expect(members).toContainEqual(
        expect.objectContaining({
          role: 'roles/iam.workloadIdentityUser',
          member: `serviceAccount:${project}.svc.id.goog[${ksa.metadata.namespace}/${ksa.metadata.name}]`,
        }),
      );
    }
  });
});
