import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlatform, type PlatformSpec } from '#lib/platform/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';
import { WebEntrypoint } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import type { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { find, type K8sObject } from './support/synth';

/*
 * The Gateway that every preview of an environment shares. The expected objects are written
 * from GKE's docs (secure-gateway: a certificate map by annotation on a global external
 * Gateway, no certificateRefs; deploying-gateways: a NamedAddress; http-redirect: the
 * redirect route on the HTTP listener, from the Gateway's own namespace) and the Gateway API
 * reference (allowedRoutes from a namespace Selector, listener hostnames), and from the
 * contract of a preview's namespace and routes: the namespace labelled
 * `gke-platform/preview-of: <platform>-<from>`, its HTTPRoutes on the `https` listener with a
 * host `<name>.<domain>`.
 */

type Env = 'dev' | 'staging' | 'prod';
const DOMAIN = 'preview.acme.example.com';

const environment = (project: string) => ({
  project,
  nodePools: { general: { machineType: 'e2-standard-2' } },
});
const spec = (previews?: PlatformSpec<Env>['previews']): PlatformSpec<Env> => ({
  name: 'acme',
  environments: {
    dev: environment('acme-dev'),
    staging: environment('acme-staging'),
    prod: environment('acme-prod'),
  },
  previews,
});
const withPreviews = definePlatform(spec({ from: 'staging', domain: DOMAIN }));
const withoutPreviews = definePlatform(spec());

/** A web app behind a gateway entrypoint, so that the base environment has its own Gateway. */
function shop(chart: EnvironmentChart<Env>): void {
  const web = new WebService(chart, 'web', {
    image: 'web:1.0.0',
    port: 8080,
    health: { path: '/healthz' },
  });
  new WebEntrypoint(chart, 'entry', { frontDoor: 'gateway' }).route('/', web);
}

const releases = mkdtempSync(join(tmpdir(), 'preview-gateway-'));
const synth = (platform: typeof withPreviews, define = shop) =>
  Object.fromEntries(
    synthesizePlatform(platform, define, { releases }).map((m) => [
      m.environment,
      m.objects as K8sObject[],
    ]),
  ) as Record<Env, K8sObject[]>;
const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

const output = synth(withPreviews);
const without = synth(withoutPreviews);
const gateway = () => find(output.staging, 'Gateway', 'previews');
const redirect = () => find(output.staging, 'HTTPRoute', 'previews-redirect');

describe('the shared preview Gateway', () => {
  it('is a global external Gateway on the previews address and the wildcard certificate map', () => {
    expect(gateway()).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'previews',
        namespace: 'acme-staging',
        annotations: { 'networking.gke.io/certmap': 'acme-staging-previews' },
        labels: {
          'app.kubernetes.io/name': 'previews',
          'app.kubernetes.io/instance': 'previews',
          'app.kubernetes.io/component': 'preview-gateway',
          'app.kubernetes.io/part-of': 'acme',
          'app.kubernetes.io/managed-by': 'gke-platform',
          environment: 'staging',
        },
      },
      spec: {
        gatewayClassName: 'gke-l7-global-external-managed',
        addresses: [{ type: 'NamedAddress', value: 'acme-staging-previews' }],
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: `*.${DOMAIN}`,
            allowedRoutes: {
              namespaces: {
                from: 'Selector',
                selector: { matchLabels: { 'gke-platform/preview-of': 'acme-staging' } },
              },
            },
          },
          {
            name: 'http',
            protocol: 'HTTP',
            port: 80,
            hostname: `*.${DOMAIN}`,
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
    });
  });

  it('redirects every HTTP request to HTTPS (301), from the HTTP listener only', () => {
    expect(redirect()).toMatchObject({
      apiVersion: 'gateway.networking.k8s.io/v1',
      metadata: { namespace: 'acme-staging' },
      spec: {
        parentRefs: [{ name: 'previews', sectionName: 'http' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            filters: [
              {
                type: 'RequestRedirect',
                requestRedirect: { scheme: 'https', statusCode: 301 },
              },
            ],
          },
        ],
      },
    });
    // Every host of the listener: `*.<domain>`.
    expect(redirect().spec.hostnames).toBeUndefined();
  });

  it("takes a preview's routes on HTTPS and leaves HTTP to the redirect", () => {
    // A preview's namespace and route, as the preview synthesis writes them.
    const previewNamespace = {
      'gke-platform/preview-of': 'acme-staging',
      'gke-platform/preview': 'pr-7',
    };
    const previewParent = {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'previews',
      namespace: 'acme-staging',
      sectionName: 'https',
    };
    const [https, http] = gateway().spec.listeners;
    expect(https.name).toBe(previewParent.sectionName);
    expect(gateway().metadata.namespace).toBe(previewParent.namespace);
    // The preview's namespace has every label the HTTPS listener selects.
    expect(previewNamespace).toMatchObject(https.allowedRoutes.namespaces.selector.matchLabels);
    // `pr-7.<domain>` is one of the listener's hosts: one DNS label in place of the '*'.
    expect(`pr-7.${DOMAIN}`.endsWith(https.hostname.slice(1))).toBe(true);
    // No preview can attach to HTTP (its namespace is not the Gateway's), so the redirect is
    // the only route there, and the redirect is on no other listener.
    expect(http.allowedRoutes.namespaces).toEqual({ from: 'Same' });
    expect(redirect().spec.parentRefs.map((p: K8sObject) => p.sectionName)).toEqual(['http']);
  });

  it('passes the CRD schemas of both Kubernetes versions and the semantic rules', () => {
    const objects = [gateway(), redirect()];
    expect(validateObjects(objects as never).map((p) => p.message)).toEqual([]);
    expect(validateSemantics(objects as never)).toEqual([]);
  });

  it("is in the base environment only; the base environment's other objects are as before", () => {
    expect(output.dev).toEqual(without.dev);
    expect(output.prod).toEqual(without.prod);
    // The base environment gains exactly the Gateway and its redirect, at the end: its own
    // Gateway, routes and NetworkPolicies are unchanged.
    expect(output.staging.slice(0, -2)).toEqual(without.staging);
    expect(kinds(output.staging.slice(-2))).toEqual([
      'Gateway/previews',
      'HTTPRoute/previews-redirect',
    ]);
  });

  it('is absent without previews', () => {
    for (const objects of Object.values(without))
      expect(kinds(objects).filter((k) => k.includes('previews'))).toEqual([]);
  });

  it('is one Gateway on one address however many previews exist', () => {
    // Previews synthesized to dist/previews/<name>/ do not reach the base environment's synth.
    const project = mkdtempSync(join(tmpdir(), 'preview-gateway-project-'));
    for (let i = 1; i <= 20; i++) {
      const dir = join(project, 'dist', 'previews', `pr-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'manifests.yaml'), `kind: Namespace\n`);
    }
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const again = synth(withPreviews);
      expect(again).toEqual(output);
      const gateways = Object.values(again)
        .flat()
        .filter((o) => o.kind === 'Gateway' && o.metadata.name === 'previews');
      expect(gateways).toHaveLength(1);
      expect(gateways[0].spec.addresses).toEqual([
        { type: 'NamedAddress', value: 'acme-staging-previews' },
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("fails naming both when a gateway entrypoint of the base environment is called 'previews'", () => {
    const define = (chart: EnvironmentChart<Env>) => {
      const web = new WebService(chart, 'web', {
        image: 'web:1.0.0',
        port: 8080,
        health: { path: '/healthz' },
      });
      new WebEntrypoint(chart, 'previews', { frontDoor: 'gateway' }).route('/', web);
    };
    expect(() => synth(withPreviews, define)).toThrow(
      "PreviewGateway 'staging/PreviewGateway': 'name' 'previews' is already used by WebEntrypoint 'staging/entrypoints/previews' for a Gateway",
    );
    // The other environments may have one; the base environment's claim is its own.
    expect(() => synth(definePlatform(spec({ from: 'prod', domain: DOMAIN })), define)).toThrow(
      "PreviewGateway 'prod/PreviewGateway': 'name' 'previews' is already used by WebEntrypoint 'prod/entrypoints/previews' for a Gateway",
    );
  });
});
