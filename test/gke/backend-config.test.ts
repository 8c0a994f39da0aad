import { Testing } from 'cdk8s';
import { BackendConfig, type BackendConfigProps } from '#lib/gke/backend-config';
import { PlatformError } from '#lib/core/errors';

function synth(props: BackendConfigProps = {}) {
  const chart = Testing.chart();
  const config = new BackendConfig(chart, 'web', props);
  const [object] = Testing.synth(chart);
  return { chart, config, object };
}

describe('BackendConfig', () => {
  test('minimal props give an empty spec with the generated name', () => {
    const { config, object } = synth();
    expect(object.apiVersion).toBe('cloud.google.com/v1');
    expect(object.kind).toBe('BackendConfig');
    expect(object.spec).toEqual({});
    expect(object.metadata.name).toBe(config.name);
  });

  test('all props land in the spec', () => {
    const props: Required<BackendConfigProps> = {
      metadata: { name: 'web', namespace: 'prod', labels: { 'app.kubernetes.io/name': 'web' } },
      healthCheck: {
        requestPath: '/healthz',
        port: 8080,
        type: 'HTTP2',
        checkIntervalSec: 10,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      drainingTimeoutSec: 60,
      timeoutSec: 120,
      securityPolicy: 'edge-policy',
      logging: true,
      logSampleRate: 0.5,
      cdn: true,
      sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 600 },
      customRequestHeaders: ['X-Client-Region:{client_region}'],
      customResponseHeaders: ['Strict-Transport-Security:max-age=31536000'],
      iap: { oauthClientSecretName: 'iap-oauth' },
    };
    const { config, object } = synth({ ...props, cdn: false });
    expect(object.metadata).toEqual({
      name: 'web',
      namespace: 'prod',
      labels: { 'app.kubernetes.io/name': 'web' },
    });
    expect(config.name).toBe('web');
    expect(object.spec).toEqual({
      healthCheck: {
        requestPath: '/healthz',
        port: 8080,
        type: 'HTTP2',
        checkIntervalSec: 10,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      connectionDraining: { drainingTimeoutSec: 60 },
      timeoutSec: 120,
      securityPolicy: { name: 'edge-policy' },
      logging: { enable: true, sampleRate: 0.5 },
      cdn: { enabled: false },
      sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 600 },
      customRequestHeaders: { headers: ['X-Client-Region:{client_region}'] },
      customResponseHeaders: { headers: ['Strict-Transport-Security:max-age=31536000'] },
      iap: { enabled: true, oauthclientCredentials: { secretName: 'iap-oauth' } },
    });
  });

  test('a CDN policy enables Cloud CDN with its cache mode, TTLs and cache key', () => {
    const { object } = synth({
      cdn: {
        cacheMode: 'CACHE_ALL_STATIC',
        defaultTtl: 60,
        maxTtl: 600,
        clientTtl: 30,
        negativeCaching: true,
        negativeCachingPolicy: [{ code: 404, ttl: 120 }],
        cachePolicy: { includeHost: true, queryStringWhitelist: ['page'] },
      },
    });
    expect(object.spec.cdn).toEqual({
      enabled: true,
      cacheMode: 'CACHE_ALL_STATIC',
      defaultTtl: 60,
      maxTtl: 600,
      clientTtl: 30,
      negativeCaching: true,
      negativeCachingPolicy: [{ code: 404, ttl: 120 }],
      cachePolicy: { includeHost: true, queryStringWhitelist: ['page'] },
    });
  });

  test('fails on an IAP secret name that is not a Kubernetes name', () => {
    expect(() => synth({ iap: { oauthClientSecretName: 'Bad_Name' } })).toThrow(
      /'iap.oauthClientSecretName'/,
    );
  });

  test('the health check type defaults to HTTP and unset fields are left out', () => {
    const { object } = synth({ healthCheck: { requestPath: '/ready' } });
    expect(object.spec.healthCheck).toEqual({ requestPath: '/ready', type: 'HTTP' });
  });

  test('logging and CDN can be switched off explicitly', () => {
    const { object } = synth({ logging: false, cdn: false });
    expect(object.spec.logging).toEqual({ enable: false });
    expect(object.spec.cdn).toEqual({ enabled: false });
  });

  test('a draining timeout of 0 is kept', () => {
    const { object } = synth({ drainingTimeoutSec: 0 });
    expect(object.spec.connectionDraining).toEqual({ drainingTimeoutSec: 0 });
  });

  test('the escape hatch is the generated object', () => {
    const { config } = synth({ metadata: { name: 'web' } });
    expect(config.apiObject.kind).toBe('BackendConfig');
    expect(config.apiObject.name).toBe('web');
  });

  describe('Service annotations', () => {
    test('the instance gives the default form', () => {
      const { config } = synth({ metadata: { name: 'web' } });
      expect(config.serviceAnnotations()).toEqual({
        'cloud.google.com/backend-config': '{"default":"web"}',
      });
    });

    test('the instance gives the per-port form for listed ports', () => {
      const { config } = synth({ metadata: { name: 'web' } });
      expect(config.serviceAnnotations(['http', 8080])).toEqual({
        'cloud.google.com/backend-config': '{"ports":{"8080":"web","http":"web"}}',
      });
    });

    test('the static helper takes names and objects, default and ports', () => {
      const { config } = synth({ metadata: { name: 'web' } });
      const annotations = BackendConfig.serviceAnnotations({
        default: 'fallback',
        ports: { https: config },
      });
      expect(JSON.parse(annotations['cloud.google.com/backend-config'])).toEqual({
        default: 'fallback',
        ports: { https: 'web' },
      });
    });

    test('fails when the static helper names no BackendConfig', () => {
      expect(() => BackendConfig.serviceAnnotations({})).toThrow(
        "BackendConfig.serviceAnnotations: 'refs' names no BackendConfig",
      );
    });

    test('fails on an empty port list', () => {
      const { config } = synth();
      expect(() => config.serviceAnnotations([])).toThrow("'ports' is empty");
    });
  });

  describe('validation', () => {
    const fails = (props: BackendConfigProps, message: string) => {
      expect(() => synth(props)).toThrow(PlatformError);
      expect(() => synth(props)).toThrow(message);
    };

    test('fails with the construct path in the message', () => {
      expect(() => synth({ healthCheck: { requestPath: 'healthz' } })).toThrow(
        /^BackendConfig 'test\/web': 'healthCheck.requestPath' is "healthz", which is not an absolute URL path; start it with '\/'/,
      );
    });

    test('fails on a health check path with a space', () => {
      fails({ healthCheck: { requestPath: '/health z' } }, "'healthCheck.requestPath'");
    });

    test('fails on a health check port out of range', () => {
      fails(
        { healthCheck: { requestPath: '/', port: 0 } },
        "'healthCheck.port' is 0; use a whole number from 1 to 65535",
      );
      fails({ healthCheck: { requestPath: '/', port: 65536 } }, "'healthCheck.port' is 65536");
      fails({ healthCheck: { requestPath: '/', port: 80.5 } }, "'healthCheck.port' is 80.5");
    });

    test('fails on an unknown health check type', () => {
      fails(
        { healthCheck: { requestPath: '/', type: 'TCP' as 'HTTP' } },
        "'healthCheck.type' is \"TCP\", which is not a protocol a load balancer health check speaks to a container; use 'HTTP', 'HTTPS' or 'HTTP2'",
      );
    });

    test('fails on a check interval out of range', () => {
      fails(
        { healthCheck: { requestPath: '/', checkIntervalSec: 0 } },
        "'healthCheck.checkIntervalSec' is 0",
      );
      fails(
        { healthCheck: { requestPath: '/', checkIntervalSec: 301 } },
        "'healthCheck.checkIntervalSec' is 301",
      );
    });

    test('fails on a health check timeout out of range', () => {
      fails({ healthCheck: { requestPath: '/', timeoutSec: 0 } }, "'healthCheck.timeoutSec' is 0");
    });

    test('fails on a health check timeout longer than the interval', () => {
      fails(
        { healthCheck: { requestPath: '/', checkIntervalSec: 5, timeoutSec: 10 } },
        "'healthCheck.timeoutSec' (10) is greater than 'healthCheck.checkIntervalSec' (5)",
      );
    });

    test('fails on thresholds out of range', () => {
      fails(
        { healthCheck: { requestPath: '/', healthyThreshold: 0 } },
        "'healthCheck.healthyThreshold' is 0",
      );
      fails(
        { healthCheck: { requestPath: '/', unhealthyThreshold: 11 } },
        "'healthCheck.unhealthyThreshold' is 11",
      );
    });

    test('fails on a draining timeout out of range', () => {
      fails(
        { drainingTimeoutSec: -1 },
        "'drainingTimeoutSec' is -1; use a whole number from 0 to 3600",
      );
      fails({ drainingTimeoutSec: 3601 }, "'drainingTimeoutSec' is 3601");
    });

    test('fails on a backend timeout that is not positive', () => {
      fails({ timeoutSec: 0 }, "'timeoutSec' is 0");
    });

    test('fails on a security policy that is not a Google Cloud name', () => {
      fails(
        { securityPolicy: 'Edge_Policy' },
        '\'securityPolicy\' is "Edge_Policy", which is not a Google Cloud resource name',
      );
    });

    test('fails on a sample rate without logging', () => {
      fails({ logSampleRate: 0.5 }, "'logSampleRate' is set but logging is not enabled");
    });

    test('fails on a sample rate outside 0..1', () => {
      fails(
        { logging: true, logSampleRate: 1.5 },
        "'logSampleRate' is 1.5; use a fraction from 0 to 1",
      );
      fails({ logging: true, logSampleRate: -0.1 }, "'logSampleRate' is -0.1");
    });

    test('fails on a name that Kubernetes would reject', () => {
      fails({ metadata: { name: 'Web' } }, '\'metadata.name\' is "Web"');
    });

    test('fails on a namespace that Kubernetes would reject', () => {
      fails({ metadata: { name: 'web', namespace: 'a.b' } }, '\'metadata.namespace\' is "a.b"');
    });
  });
});
