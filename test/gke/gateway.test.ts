import { Testing } from 'cdk8s';
import { Gateway, type GatewayProps } from '#lib/gke/gateway';

const props = (overrides: Partial<GatewayProps> = {}): GatewayProps => ({
  metadata: { name: 'shop' },
  className: 'gke-l7-global-external-managed',
  listeners: [{ name: 'http', protocol: 'HTTP' }],
  ...overrides,
});

describe('Gateway', () => {
  test('one HTTP listener on port 80', () => {
    const chart = Testing.chart();
    new Gateway(chart, 'gateway', props());
    const [object] = Testing.synth(chart);
    expect(object.spec).toEqual({
      gatewayClassName: 'gke-l7-global-external-managed',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
    });
  });

  test('a listener for the hosts of a domain, with routes from the namespaces of a label', () => {
    const chart = Testing.chart();
    new Gateway(
      chart,
      'gateway',
      props({
        listeners: [
          {
            name: 'http',
            protocol: 'HTTP',
            hostname: '*.preview.example.com',
            routeNamespaces: { matchLabels: { 'example.com/team': 'shop' } },
          },
          { name: 'http-8080', protocol: 'HTTP', port: 8080, routeNamespaces: 'Same' },
        ],
      }),
    );
    const [object] = Testing.synth(chart);
    expect(object.spec.listeners).toEqual([
      {
        name: 'http',
        hostname: '*.preview.example.com',
        protocol: 'HTTP',
        port: 80,
        allowedRoutes: {
          namespaces: {
            from: 'Selector',
            selector: { matchLabels: { 'example.com/team': 'shop' } },
          },
        },
      },
      {
        name: 'http-8080',
        protocol: 'HTTP',
        port: 8080,
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
  });

  test('fails on a listener hostname that is not a DNS name', () => {
    const listeners = [
      { name: 'http', protocol: 'HTTP' as const, hostname: 'Preview.example.com' },
    ];
    expect(() => new Gateway(Testing.chart(), 'gateway', props({ listeners }))).toThrow(
      '\'listeners[0].hostname\' has host "Preview.example.com", which is not a DNS name',
    );
  });

  test('fails on routes from a selector without labels, which would select every namespace', () => {
    const listeners = [
      { name: 'http', protocol: 'HTTP' as const, routeNamespaces: { matchLabels: {} } },
    ];
    expect(() => new Gateway(Testing.chart(), 'gateway', props({ listeners }))).toThrow(
      "'listeners[0].routeNamespaces.matchLabels' is empty, so routes of every namespace could attach",
    );
  });

  test('fails on routes from a selector whose label is no label', () => {
    const listeners = [
      {
        name: 'http',
        protocol: 'HTTP' as const,
        routeNamespaces: { matchLabels: { team: 'shop/web' } },
      },
    ];
    expect(() => new Gateway(Testing.chart(), 'gateway', props({ listeners }))).toThrow(
      "'listeners[0].routeNamespaces.matchLabels['team']' is \"shop/web\", which ",
    );
  });

  test('fails on a GatewayClass it does not know', () => {
    expect(
      () => new Gateway(Testing.chart(), 'gateway', props({ className: 'istio' as never })),
    ).toThrow(
      "'className' is \"istio\", which is not a GKE GatewayClass this construct knows; use 'gke-l7-global-external-managed', ",
    );
  });

  test('fails on a listener protocol other than HTTP or HTTPS', () => {
    const listeners = [{ name: 'tcp', protocol: 'TCP' as never }];
    expect(() => new Gateway(Testing.chart(), 'gateway', props({ listeners }))).toThrow(
      "'listeners[0].protocol' is \"TCP\"; use 'HTTP' or 'HTTPS'",
    );
  });
});
