import { synthesizeChart } from '#lib/output/synthesize';
import { validateObjects } from '#lib/validate/validate-object';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, type TestEnv } from '../support/synth';

/*
 * Hosts on the front doors: wildcard hosts (Gateway API Hostname and Ingress host both take
 * a leading '*.'), and more hosts than one HTTPRoute holds (spec.hostnames maxItems 16).
 */

function synth(props: WebEntrypointProps<TestEnv>, route: { host?: string } = {}): K8sObject[] {
  const chart = chartFor('prod');
  const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
  new WebEntrypoint(chart, 'web', props).route('/', main, route);
  const objects = synthesizeChart(chart) as K8sObject[];
  expect(validateObjects(objects as never)).toEqual([]);
  return objects;
}

const names = (objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe('a wildcard host', () => {
  it('on the gateway front door: its HTTPRoute is named wildcard-<domain>, the host stays as given', () => {
    const objects = synth({
      frontDoor: 'gateway',
      hosts: ['*.example.com', 'example.com'],
      gateway: { certificateMap: 'shop-map' },
    });
    expect(names(objects, 'HTTPRoute')).toEqual([
      'web-redirect',
      'web-wildcard-example-com',
      'web-example.com',
    ]);
    expect(find(objects, 'HTTPRoute', 'web-wildcard-example-com').spec.hostnames).toEqual([
      '*.example.com',
    ]);
    expect(find(objects, 'HTTPRoute', 'web-redirect').spec.hostnames).toEqual([
      '*.example.com',
      'example.com',
    ]);
  });

  it("gives two wildcard hosts two names, '-' of the domain doubled", () => {
    const objects = synth({
      frontDoor: 'gateway',
      hosts: ['*.a-b.example.com', '*.a.b.example.com'],
    });
    expect(names(objects, 'HTTPRoute')).toEqual([
      'web-wildcard-a--b-example-com',
      'web-wildcard-a-b-example-com',
    ]);
  });

  it('as the host of a route, without declared hosts', () => {
    const objects = synth({ frontDoor: 'gateway' }, { host: '*.example.com' });
    expect(names(objects, 'HTTPRoute')).toEqual(['web-wildcard-example-com']);
  });

  it('on the ingress front door without a managed certificate: an Ingress rule', () => {
    const objects = synth({ hosts: ['*.example.com'], managedCertificate: false });
    expect(find(objects, 'Ingress', 'web').spec.rules[0].host).toBe('*.example.com');
  });

  it("fails on the ingress front door's managed certificate, which covers no wildcards", () => {
    expect(() => synth({ hosts: ['shop.example.com', '*.example.com'] })).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'hosts' has the wildcard '*.example.com', but the Google-managed certificate (ManagedCertificate) of the ingress front door does not cover wildcards",
    );
  });
});

describe('more hosts than one HTTPRoute holds', () => {
  const hosts = Array.from({ length: 33 }, (_, i) => `h${i}.example.com`);

  it('splits the HTTP-to-HTTPS redirect over routes of at most 16 hostnames, the first keeping its name', () => {
    const objects = synth({
      frontDoor: 'gateway',
      hosts,
      gateway: { certificateMap: 'shop-map' },
    });
    const redirects = names(objects, 'HTTPRoute').filter((n) => n.startsWith('web-redirect'));
    expect(redirects).toEqual(['web-redirect', 'web-redirect-2', 'web-redirect-3']);
    expect(find(objects, 'HTTPRoute', 'web-redirect').spec.hostnames).toEqual(hosts.slice(0, 16));
    expect(find(objects, 'HTTPRoute', 'web-redirect-2').spec.hostnames).toEqual(
      hosts.slice(16, 32),
    );
    const last = find(objects, 'HTTPRoute', 'web-redirect-3');
    expect(last.spec).toEqual({
      parentRefs: [{ name: 'web', sectionName: 'http' }],
      hostnames: ['h32.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [
            { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } },
          ],
        },
      ],
    });
  });

  it('keeps one redirect route for exactly 16 hosts', () => {
    const objects = synth({
      frontDoor: 'gateway',
      hosts: hosts.slice(0, 16),
      gateway: { certificateMap: 'shop-map' },
    });
    expect(names(objects, 'HTTPRoute').filter((n) => n.startsWith('web-redirect'))).toEqual([
      'web-redirect',
    ]);
  });
});
