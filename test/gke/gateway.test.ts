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
