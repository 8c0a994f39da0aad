import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { toYaml } from '#lib/output/yaml';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';
import { polarisFindings } from '#lib/validate/polaris';
import { validateObjects } from '#lib/validate/validate-object';
import { find, type K8sObject, podSpec } from './support/synth';

const manifests = synthesizePlatform(platform, defineShop);
const byEnv = Object.fromEntries(manifests.map((m) => [m.environment, m.objects as K8sObject[]]));

/**
 * Polaris warnings the output keeps on purpose, each with its reason (also in the README).
 * Anything else, and anything at "danger" level, fails the test.
 */
const ACCEPTED_WARNINGS: Record<string, string> = {
  pullPolicyNotAlways:
    'images are pinned by tag or digest, so IfNotPresent is exact and saves a registry round trip per pod start',
  priorityClassNotSet:
    'priority classes are cluster policy; the default priority is right for application pods',
  tlsSettingsMissing:
    'GKE Ingress terminates TLS with Google-managed certificates (networking.gke.io/managed-certificates), not spec.tls',
  cpuLimitsMissing:
    "the prod storefront opts out of a CPU limit ('cpuLimit: false') to avoid CFS throttling",
  deploymentMissingReplicas:
    'dev runs one replica on purpose; with an HPA, the Deployment leaves replicas to the HPA',
};

describe('the example platform', () => {
  it('synthesizes dev, staging and prod, each in its own namespace', () => {
    expect(manifests.map((m) => m.environment)).toEqual(['dev', 'staging', 'prod']);
    for (const [env, objects] of Object.entries(byEnv)) {
      expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: `shop-${env}` } });
      const clusterScoped = [
        'ClusterRole',
        'ClusterRoleBinding',
        'StorageClass',
        'VolumeSnapshotClass',
      ];
      for (const o of objects.slice(1)) {
        expect(o.metadata.namespace).toBe(
          clusterScoped.includes(o.kind) ? undefined : `shop-${env}`,
        );
      }
    }
  });

  describe.each(KUBERNETES_VERSIONS)('against the Kubernetes %s schema', (kubernetesVersion) => {
    it.each(['dev', 'staging', 'prod'])(
      'every %s object validates, unknown fields rejected',
      (env) => {
        const problems = validateObjects(byEnv[env], [kubernetesVersion]);
        expect(problems.map((p) => p.message)).toEqual([]);
      },
    );
  });

  it.each(['dev', 'staging', 'prod'])(
    '%s has no Polaris finding at danger level and only accepted warnings',
    (env) => {
      const findings = polarisFindings(byEnv[env]);
      expect(
        findings.filter((f) => f.severity === 'danger').map((f) => `${f.check} ${f.object}`),
      ).toEqual([]);
      const unexpected = findings.filter((f) => !(f.check in ACCEPTED_WARNINGS));
      expect(unexpected.map((f) => `${f.check} ${f.object} ${f.container ?? ''}`)).toEqual([]);
    },
  );

  it('is deterministic: two synths give the same bytes', () => {
    const again = synthesizePlatform(platform, defineShop);
    expect(again.map((m) => toYaml(m.objects))).toEqual(manifests.map((m) => toYaml(m.objects)));
  });

  it('uses readable names and the same selectors in every environment', () => {
    const names = byEnv.prod.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(names).toEqual(['storefront', 'sub-app', 'admin', 'api']);
    const stateful = byEnv.prod.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name);
    expect(stateful).toEqual(['redis']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(find(byEnv[env], 'Deployment', 'storefront').spec.selector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'storefront',
        'app.kubernetes.io/instance': 'storefront',
      });
    }
  });

  it('routes / to the storefront and /sub-app/ to the second app on one GKE Ingress with TLS, redirect and a static IP', () => {
    const ingress = find(byEnv.prod, 'Ingress', 'web');
    expect(ingress.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce',
      'kubernetes.io/ingress.global-static-ip-name': 'shop-prod-web',
      'networking.gke.io/managed-certificates': 'web-cert',
      'networking.gke.io/v1beta1.FrontendConfig': 'web-frontend',
    });
    const paths = ingress.spec.rules[0].http.paths.map((p: K8sObject) => [
      p.path,
      p.backend.service.name,
    ]);
    expect(paths).toEqual([
      ['/', 'storefront'],
      ['/sub-app/', 'sub-app'],
    ]);
    expect(find(byEnv.prod, 'ManagedCertificate', 'web-cert').spec.domains).toEqual([
      'shop.example.com',
      'www.shop.example.com',
    ]);
    expect(find(byEnv.prod, 'FrontendConfig', 'web-frontend').spec.redirectToHttps.enabled).toBe(
      true,
    );
  });

  it('checks the load balancer health on the readiness probe path of each backend', () => {
    for (const name of ['storefront', 'sub-app']) {
      const readiness = podSpec(find(byEnv.prod, 'Deployment', name)).containers[0].readinessProbe
        .httpGet;
      const health = find(byEnv.prod, 'BackendConfig', name).spec.healthCheck;
      expect(health).toMatchObject({
        requestPath: readiness.path,
        port: readiness.port,
        type: 'HTTP',
      });
    }
  });

  it('puts Cloud Armor on every backend and Cloud CDN on the sub-app in prod only', () => {
    for (const name of ['storefront', 'sub-app']) {
      expect(find(byEnv.prod, 'BackendConfig', name).spec.securityPolicy).toEqual({
        name: 'shop-prod-edge',
      });
      expect(find(byEnv.dev, 'BackendConfig', name).spec.securityPolicy).toBeUndefined();
    }
    expect(find(byEnv.prod, 'BackendConfig', 'sub-app').spec.cdn).toEqual({
      enabled: true,
      cacheMode: 'CACHE_ALL_STATIC',
      defaultTtl: 3600,
      negativeCaching: true,
    });
    expect(find(byEnv.dev, 'BackendConfig', 'sub-app').spec.cdn).toEqual({ enabled: false });
    expect(find(byEnv.prod, 'BackendConfig', 'storefront').spec.cdn).toBeUndefined();
  });

  it('is small in dev and highly available in prod', () => {
    expect(find(byEnv.dev, 'Deployment', 'storefront').spec.replicas).toBe(1);
    expect(byEnv.dev.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(byEnv.prod, 'Deployment', 'storefront').spec.replicas).toBeUndefined();
    expect(find(byEnv.prod, 'HorizontalPodAutoscaler', 'storefront').spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 12,
    });
    expect(find(byEnv.prod, 'PodDisruptionBudget', 'storefront').spec.maxUnavailable).toBe(1);
  });

  it('lets the Flask API find Redis through the cluster DNS and exposes it on a regional static IP', () => {
    const env = podSpec(find(byEnv.prod, 'Deployment', 'api')).containers[0].env;
    expect(env).toEqual([
      { name: 'REDIS_HOST', value: 'redis-client.shop-prod.svc.cluster.local' },
      { name: 'REDIS_PORT', value: '6379' },
    ]);
    const service = find(byEnv.prod, 'Service', 'api');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-ip-addresses': 'shop-prod-api-lb',
    });
    expect(find(byEnv.dev, 'Service', 'api').metadata.annotations).toBeUndefined();
  });

  it('runs the Rails app behind an nginx sidecar in one pod', () => {
    const spec = podSpec(find(byEnv.prod, 'Deployment', 'admin'));
    expect(spec.containers.map((c: K8sObject) => c.name)).toEqual(['admin', 'rails']);
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/etc/nginx/conf.d/default.conf',
      subPath: 'admin.etc.nginx.conf.d.default.conf',
      readOnly: true,
    });
    expect(
      find(byEnv.prod, 'ConfigMap', 'admin-config').data['admin.etc.nginx.conf.d.default.conf'],
    ).toContain('proxy_pass http://127.0.0.1:3000');
  });

  it('never writes a secret value: every credential comes from Secret Manager as a file', () => {
    const yaml = manifests.map((m) => toYaml(m.objects)).join('\n');
    expect(yaml).not.toMatch(/^kind: Secret$/m);
    expect(yaml).not.toContain('secretKeyRef');
    const rails = podSpec(find(byEnv.prod, 'Deployment', 'admin')).containers[1];
    expect(rails.command.join(' ')).toContain(
      'export DATABASE_URL="$(cat /var/run/secrets/admin/admin-database-url)"',
    );
    expect(rails.volumeMounts).toContainEqual({
      name: 'rails-sm-0',
      mountPath: '/var/run/secrets/admin',
      readOnly: true,
    });
    // Every SecretProviderClass reads a secret the platform declares, in the environment's
    // project; a secret without readers (prod's PagerDuty key) is read by the stack alone.
    for (const [env, objects] of Object.entries(byEnv)) {
      const declared = platform
        .environment(env)
        .secrets.filter((s) => s.readers.length > 0)
        .map((s) => `${s.resourceName}/versions/latest`);
      const read = objects
        .filter((o) => o.kind === 'SecretProviderClass')
        .flatMap((o) =>
          [...o.spec.parameters.secrets.matchAll(/resourceName: "([^"]+)"/g)].map((m) => m[1]),
        );
      expect(read.sort()).toEqual(declared.sort());
    }
  });

  it.each(['dev', 'staging', 'prod'])(
    "%s: the storefront reads its declared secrets from its environment's Secret Manager as files",
    (env) => {
      const project = platform.environment(env).project;
      const spc = find(byEnv[env], 'SecretProviderClass', 'storefront-sm-0');
      expect(spc.spec).toEqual({
        provider: 'gke',
        parameters: {
          secrets:
            `- resourceName: "projects/${project}/secrets/storefront-db-password/versions/latest"\n` +
            '  path: "storefront-db-password"\n' +
            `- resourceName: "projects/${project}/secrets/storefront-session-secret/versions/latest"\n` +
            '  path: "storefront-session-secret"\n',
        },
      });
      const pod = podSpec(find(byEnv[env], 'Deployment', 'storefront'));
      expect(pod.serviceAccountName).toBe('storefront');
      expect(pod.volumes).toContainEqual({
        name: 'storefront-sm-0',
        csi: {
          driver: 'secrets-store-gke.csi.k8s.io',
          readOnly: true,
          volumeAttributes: { secretProviderClass: 'storefront-sm-0' },
        },
      });
      expect(pod.containers[0].volumeMounts).toContainEqual({
        name: 'storefront-sm-0',
        mountPath: '/var/run/secrets/storefront',
        readOnly: true,
      });
    },
  );

  it('fetches data every 3 hours on Tokyo time, with the zone written out', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const cron = find(byEnv[env], 'CronJob', 'fetch-rates');
      expect(cron.spec).toMatchObject({
        schedule: '0 */3 * * *',
        timeZone: 'Asia/Tokyo',
        concurrencyPolicy: 'Forbid',
      });
    }
  });

  it('runs the GPU batch task on the prod GPU pool only, with an nvidia.com/gpu limit', () => {
    expect(byEnv.dev.some((o) => o.metadata.name === 'embeddings')).toBe(false);
    expect(byEnv.staging.some((o) => o.metadata.name === 'embeddings')).toBe(false);
    const spec = podSpec(find(byEnv.prod, 'CronJob', 'embeddings'));
    expect(spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
  });

  it('lets the sales report run on Spot nodes, stopping within their notice, suspended in dev', () => {
    const prod = find(byEnv.prod, 'CronJob', 'sales-report');
    const spec = podSpec(prod);
    expect(spec.tolerations).toEqual([
      { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(spec.terminationGracePeriodSeconds).toBeLessThanOrEqual(25);
    expect(prod.spec.suspend).toBe(false);
    expect(find(byEnv.dev, 'CronJob', 'sales-report').spec.suspend).toBe(true);
  });

  it('ships logs from every node of every pool, GPU and Spot included, reading /var/log read-only', () => {
    const spec = find(byEnv.prod, 'DaemonSet', 'log-shipper').spec.template.spec;
    const tolerated = spec.tolerations.map((t: K8sObject) => t.key).sort();
    const declared = platform
      .environment('prod')
      .nodePools.flatMap((p) => p.taints.map((t) => t.key));
    expect(tolerated).toEqual([...new Set(declared)].sort());
    expect(spec.containers[0].volumeMounts).toContainEqual(
      expect.objectContaining({ mountPath: '/var/log', readOnly: true }),
    );
    expect(spec.containers[0].env.map((e: K8sObject) => e.name)).toEqual(
      expect.arrayContaining(['NODE_NAME', 'POD_IP']),
    );
  });
});
