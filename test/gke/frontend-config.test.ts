import { Testing } from 'cdk8s';
import { FrontendConfig, type FrontendConfigProps } from '#lib/gke/frontend-config';
import { PlatformError } from '#lib/core/errors';

function synth(props: FrontendConfigProps = {}) {
  const chart = Testing.chart();
  const config = new FrontendConfig(chart, 'front', props);
  const [object] = Testing.synth(chart);
  return { config, object };
}

describe('FrontendConfig', () => {
  test('minimal props give an empty spec', () => {
    const { config, object } = synth();
    expect(object.apiVersion).toBe('networking.gke.io/v1beta1');
    expect(object.kind).toBe('FrontendConfig');
    expect(object.spec).toEqual({});
    expect(object.metadata.name).toBe(config.name);
  });

  test('all props land in the spec', () => {
    const props: Required<FrontendConfigProps> = {
      metadata: { name: 'web', namespace: 'prod', labels: { env: 'prod' } },
      redirectToHttps: true,
      redirectResponseCode: 'PERMANENT_REDIRECT',
      sslPolicy: 'modern-tls',
    };
    const { object } = synth(props);
    expect(object.metadata).toEqual({ name: 'web', namespace: 'prod', labels: { env: 'prod' } });
    expect(object.spec).toEqual({
      redirectToHttps: { enabled: true, responseCodeName: 'PERMANENT_REDIRECT' },
      sslPolicy: 'modern-tls',
    });
  });

  test('the redirect code defaults to MOVED_PERMANENTLY_DEFAULT', () => {
    const { object } = synth({ redirectToHttps: true });
    expect(object.spec.redirectToHttps).toEqual({
      enabled: true,
      responseCodeName: 'MOVED_PERMANENTLY_DEFAULT',
    });
  });

  test('the redirect can be switched off explicitly', () => {
    const { object } = synth({ redirectToHttps: false });
    expect(object.spec.redirectToHttps).toEqual({ enabled: false });
  });

  test('the Ingress annotation names the object', () => {
    const { config } = synth({ metadata: { name: 'web' } });
    expect(config.ingressAnnotations()).toEqual({
      'networking.gke.io/v1beta1.FrontendConfig': 'web',
    });
    expect(FrontendConfig.ingressAnnotations('other')).toEqual({
      'networking.gke.io/v1beta1.FrontendConfig': 'other',
    });
    expect(config.apiObject.kind).toBe('FrontendConfig');
  });

  describe('validation', () => {
    const fails = (props: FrontendConfigProps, message: string) => {
      expect(() => synth(props)).toThrow(PlatformError);
      expect(() => synth(props)).toThrow(message);
    };

    test('fails on a redirect code without the redirect', () => {
      fails(
        { redirectResponseCode: 'FOUND' },
        "FrontendConfig 'test/front': 'redirectResponseCode' is set but the HTTPS redirect is not enabled; also set 'redirectToHttps: true'",
      );
    });

    test('fails on an unknown redirect code', () => {
      fails(
        { redirectToHttps: true, redirectResponseCode: '301' as 'FOUND' },
        "'redirectResponseCode' is \"301\"; use 'MOVED_PERMANENTLY_DEFAULT', 'FOUND'",
      );
    });

    test('fails on an SSL policy that is not a Google Cloud name', () => {
      fails(
        { sslPolicy: '1-policy' },
        '\'sslPolicy\' is "1-policy", which is not a Google Cloud resource name',
      );
    });

    test('fails on a name that Kubernetes would reject', () => {
      fails({ metadata: { name: 'front_end' } }, '\'metadata.name\' is "front_end"');
    });
  });
});
