import { Testing } from 'cdk8s';
import {
  PodMonitoring,
  type PodMonitoringEndpoint,
  type PodMonitoringProps,
} from '#lib/gke/pod-monitoring';
import { PlatformError } from '#lib/core/errors';

const selector = { 'app.kubernetes.io/name': 'web' };

function synth(props: PodMonitoringProps) {
  const chart = Testing.chart();
  const monitoring = new PodMonitoring(chart, 'metrics', props);
  const [object] = Testing.synth(chart);
  return { monitoring, object };
}

describe('PodMonitoring', () => {
  test('minimal props: interval 30s and path /metrics are always written', () => {
    const { monitoring, object } = synth({ selector, endpoints: [{ port: 'metrics' }] });
    expect(object.apiVersion).toBe('monitoring.googleapis.com/v1');
    expect(object.kind).toBe('PodMonitoring');
    expect(object.metadata.name).toBe(monitoring.name);
    expect(object.spec).toEqual({
      selector: { matchLabels: selector },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    });
  });

  test('all props land in the spec', () => {
    const endpoint: Required<PodMonitoringEndpoint> = {
      port: 9090,
      path: '/stats/prometheus',
      params: { format: 'prometheus', 'collect[]': ['cpu', 'memory'] },
      interval: '1m',
      timeout: '50s',
      scheme: 'https',
    };
    const props: Required<PodMonitoringProps> = {
      metadata: { name: 'web', namespace: 'prod', labels: { env: 'prod' } },
      selector,
      endpoints: [endpoint, { port: 'metrics' }],
      podLabels: ['track'],
    };
    const { object } = synth(props);
    expect(object.metadata).toEqual({ name: 'web', namespace: 'prod', labels: { env: 'prod' } });
    expect(object.spec.targetLabels).toEqual({ fromPod: [{ from: 'track' }] });
    expect(object.spec.endpoints).toEqual([
      {
        port: 9090,
        path: '/stats/prometheus',
        params: { format: ['prometheus'], 'collect[]': ['cpu', 'memory'] },
        interval: '1m',
        timeout: '50s',
        scheme: 'https',
      },
      { port: 'metrics', path: '/metrics', interval: '30s' },
    ]);
  });

  test('compound durations are accepted', () => {
    const { object } = synth({
      selector,
      endpoints: [{ port: 'metrics', interval: '1m30s', timeout: '1m500ms' }],
    });
    expect(object.spec.endpoints[0]).toMatchObject({ interval: '1m30s', timeout: '1m500ms' });
  });

  test('the escape hatch is the generated object', () => {
    const { monitoring } = synth({ selector, endpoints: [{ port: 'metrics' }] });
    expect(monitoring.apiObject.kind).toBe('PodMonitoring');
  });

  describe('validation', () => {
    const fails = (props: PodMonitoringProps, message: string) => {
      expect(() => synth(props)).toThrow(PlatformError);
      expect(() => synth(props)).toThrow(message);
    };
    const endpoint = (e: Partial<PodMonitoringEndpoint>) => ({
      selector,
      endpoints: [{ port: 'metrics', ...e }],
    });

    test('fails on an empty selector', () => {
      fails(
        { selector: {}, endpoints: [{ port: 'metrics' }] },
        "PodMonitoring 'test/metrics': 'selector' is empty, which would scrape every pod in the namespace",
      );
    });

    test('fails on a selector value that is not a label value', () => {
      fails(
        { selector: { app: 'web app' }, endpoints: [{ port: 'metrics' }] },
        '\'selector.app\' is "web app"',
      );
    });

    test('fails without endpoints', () => {
      fails({ selector, endpoints: [] }, "'endpoints' has 0 entries; give 1 to 10 endpoints");
    });

    test('fails on more than 10 endpoints', () => {
      fails(
        { selector, endpoints: Array.from({ length: 11 }, (_, i) => ({ port: 9000 + i })) },
        "'endpoints' has 11 entries",
      );
    });

    test('fails on a port number out of range', () => {
      fails(endpoint({ port: 0 }), "'endpoints[0].port' is 0; use a whole number from 1 to 65535");
      fails(endpoint({ port: 70000 }), "'endpoints[0].port' is 70000");
    });

    test('fails on a port name that is not a port name', () => {
      fails(
        endpoint({ port: 'Metrics_Port' }),
        '\'endpoints[0].port\' is "Metrics_Port", which is neither',
      );
      fails(endpoint({ port: 'a-very-long-port-name' }), "'endpoints[0].port'");
      fails(endpoint({ port: '9090' }), '\'endpoints[0].port\' is "9090"');
    });

    test('fails on a relative path', () => {
      fails(
        endpoint({ path: 'metrics' }),
        '\'endpoints[0].path\' is "metrics", which is not an absolute URL path',
      );
    });

    test('fails on an interval that is not a Prometheus duration', () => {
      fails(
        endpoint({ interval: '30' }),
        '\'endpoints[0].interval\' is "30", which is not a positive Prometheus duration',
      );
      fails(endpoint({ interval: '30s1m' }), '\'endpoints[0].interval\' is "30s1m"');
      fails(endpoint({ interval: '' }), '\'endpoints[0].interval\' is ""');
      fails(endpoint({ interval: '0s' }), '\'endpoints[0].interval\' is "0s"');
    });

    test('fails on a timeout that is not a Prometheus duration', () => {
      fails(endpoint({ timeout: '10 s' }), '\'endpoints[0].timeout\' is "10 s"');
    });

    test('fails on a timeout longer than the interval', () => {
      fails(
        endpoint({ interval: '30s', timeout: '1m' }),
        "'endpoints[0].timeout' (1m) is longer than the interval (30s); make the scrape timeout at most the scrape interval",
      );
    });

    test('fails on an unknown scheme', () => {
      fails(
        endpoint({ scheme: 'ftp' as 'http' }),
        "'endpoints[0].scheme' is \"ftp\"; use 'http' or 'https'",
      );
    });
  });
});
