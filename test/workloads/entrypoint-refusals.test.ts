import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { synthesizeChart } from '#lib/output/synthesize';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, objectsOf, type TestEnv } from '../support/synth';

/*
 * Values Google Cloud refuses only when the load balancer is created, refused at synth on
 * both front doors. The test platform declares 'web' (global), 'lb' (regional external) and
 * 'ilb' (regional internal).
 */

function routed(props: WebEntrypointProps<TestEnv>) {
  const chart = chartFor('prod');
  const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
  new WebEntrypoint(chart, 'web', props).route('/', main);
  return objectsOf(chart);
}

const W = "WebEntrypoint 'prod/entrypoints/web'";

describe.each(['ingress', 'gateway'] as const)(
  'the static IP of the %s front door',
  (frontDoor) => {
    it('takes an internal regional address for an internal entrypoint', () => {
      const objects = routed({ frontDoor, internal: true, staticIp: 'ilb' });
      const object = find(objects, frontDoor === 'ingress' ? 'Ingress' : 'Gateway', 'web');
      expect(JSON.stringify(object)).toContain('acme-prod-ilb');
    });

    it('fails on an external regional address for an internal entrypoint', () => {
      expect(() => routed({ frontDoor, internal: true, staticIp: 'lb' })).toThrow(
        `${W}: 'staticIp' is 'lb', an external regional address, but an internal load balancer needs an internal one; declare the address with 'internal: true'`,
      );
    });

    it('fails on an internal address for an external entrypoint', () => {
      expect(() => routed({ frontDoor, staticIp: 'ilb' })).toThrow(
        `${W}: 'staticIp' is 'ilb', a regional address, but this needs a global one`,
      );
    });
  },
);

describe('custom headers of the ingress front door', () => {
  const withHeaders = (requestHeaders: Record<string, string>) =>
    routed({ backend: { requestHeaders } });

  it.each([
    [
      'X-Goog-Iap-Jwt-Assertion',
      "a header name Google Cloud reserves (names starting with 'x-goog-')",
    ],
    ['x-google-foo', "a header name Google Cloud reserves (names starting with 'x-google')"],
    ['X-GFE-Foo', "a header name Google Cloud reserves (names starting with 'x-gfe')"],
    ['X-Amz-Date', "a header name Google Cloud reserves (names starting with 'x-amz-')"],
    ['X-User-IP', 'a header name Google Cloud reserves'],
    ['CDN-Loop', 'a header name Google Cloud reserves'],
    ['Connection', 'a hop-by-hop header'],
    ['keep-alive', 'a hop-by-hop header'],
    ['Proxy-Authorization', 'a hop-by-hop header'],
    ['Proxy-Authenticate', 'a hop-by-hop header'],
    ['TE', 'a hop-by-hop header'],
    ['Trailer', 'a hop-by-hop header'],
    ['Transfer-Encoding', 'a hop-by-hop header'],
    ['Upgrade', 'a hop-by-hop header'],
  ])('fails on %s', (name, problem) => {
    expect(() => withHeaders({ [name]: 'x' })).toThrow(
      `${W}: 'backend.requestHeaders' has the header ${JSON.stringify(name)}, ${problem}`,
    );
  });

  it('fails on more than 16 response headers, the most a backend service holds', () => {
    const headers = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`X-H${i}`, 'v']));
    expect(() => routed({ backend: { responseHeaders: headers } })).toThrow(
      `${W}: 'backend.responseHeaders' has 17 headers, but a backend service holds at most 16`,
    );
  });

  it('takes 16 headers, X-Goog (the reserved prefix is X-Goog-), and Host', () => {
    const headers = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`X-H${i}`, 'v']));
    const objects = withHeaders({ ...headers, 'X-Goog': 'a', Host: 'shop.example.com' });
    expect(find(objects, 'BackendConfig', 'main').spec.customRequestHeaders.headers).toHaveLength(
      16,
    );
  });
});

describe('Google-managed certificates the ingress front door serves', () => {
  const platform = definePlatform({
    name: 'acme',
    environments: {
      prod: {
        nodePools: { general: { machineType: 'e2-standard-4' } },
        certificates: {
          shop: { type: 'google-managed', domains: ['shop.example.com', 'www.example.com'] },
          own: { type: 'self-managed' },
        },
      },
    },
  });
  function serve(...entrypoints: WebEntrypointProps<'prod'>[]) {
    const chart = new EnvironmentChart(new App(), { platform, environment: 'prod' });
    const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
    entrypoints.forEach((props, i) => new WebEntrypoint(chart, `web${i}`, props).route('/', main));
    return synthesizeChart(chart);
  }

  it('fails when a domain is a host of no entrypoint that serves the certificate', () => {
    expect(() => serve({ certificates: ['shop'], hosts: ['shop.example.com'] })).toThrow(
      "WebEntrypoint 'prod/entrypoints/web0': 'certificates' has 'shop', a Google-managed certificate for 'www.example.com', which is not a host of this entrypoint, so Google cannot provision the certificate; add 'www.example.com' to 'hosts'",
    );
  });

  it('takes domains that are hosts of this entrypoint, of another that serves it, or of a wildcard host', () => {
    expect(() =>
      serve({ certificates: ['shop'], hosts: ['shop.example.com', 'www.example.com'] }),
    ).not.toThrow();
    expect(() =>
      serve(
        { certificates: ['shop'], hosts: ['shop.example.com'] },
        { certificates: ['shop'], hosts: ['www.example.com'] },
      ),
    ).not.toThrow();
    expect(() => serve({ certificates: ['shop', 'own'], hosts: ['*.example.com'] })).not.toThrow();
    expect(() => serve({ certificates: ['shop'] })).not.toThrow();
  });
});
