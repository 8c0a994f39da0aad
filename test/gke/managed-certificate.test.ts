import { Testing } from 'cdk8s';
import { ManagedCertificate, type ManagedCertificateProps } from '#lib/gke/managed-certificate';
import { PlatformError } from '#lib/core/errors';

function synth(props: ManagedCertificateProps) {
  const chart = Testing.chart();
  const cert = new ManagedCertificate(chart, 'cert', props);
  const [object] = Testing.synth(chart);
  return { chart, cert, object };
}

describe('ManagedCertificate', () => {
  test('minimal props give the domains', () => {
    const { cert, object } = synth({ domains: ['shop.example.com'] });
    expect(object.apiVersion).toBe('networking.gke.io/v1');
    expect(object.kind).toBe('ManagedCertificate');
    expect(object.spec).toEqual({ domains: ['shop.example.com'] });
    expect(object.metadata.name).toBe(cert.name);
    expect(cert.domains).toEqual(['shop.example.com']);
  });

  test('all props land in the object', () => {
    const props: Required<ManagedCertificateProps> = {
      metadata: { name: 'shop', namespace: 'prod', labels: { env: 'prod' } },
      domains: ['shop.example.com', 'www.shop.example.com'],
    };
    const { object } = synth(props);
    expect(object.metadata).toEqual({ name: 'shop', namespace: 'prod', labels: { env: 'prod' } });
    expect(object.spec).toEqual({ domains: ['shop.example.com', 'www.shop.example.com'] });
  });

  test('100 domains are allowed', () => {
    const domains = Array.from({ length: 100 }, (_, i) => `d${i}.example.com`);
    expect(synth({ domains }).object.spec.domains).toHaveLength(100);
  });

  test('the Ingress annotation lists the certificates', () => {
    const chart = Testing.chart();
    const a = new ManagedCertificate(chart, 'a', {
      metadata: { name: 'a' },
      domains: ['a.example.com'],
    });
    new ManagedCertificate(chart, 'b', { metadata: { name: 'b' }, domains: ['b.example.com'] });
    expect(a.ingressAnnotations()).toEqual({ 'networking.gke.io/managed-certificates': 'a' });
    expect(ManagedCertificate.ingressAnnotations([a, 'b'])).toEqual({
      'networking.gke.io/managed-certificates': 'a,b',
    });
    expect(a.apiObject.kind).toBe('ManagedCertificate');
  });

  test('fails when the annotation helper gets no certificate', () => {
    expect(() => ManagedCertificate.ingressAnnotations([])).toThrow(
      "ManagedCertificate.ingressAnnotations: 'certificates' is empty",
    );
  });

  describe('validation', () => {
    const fails = (domains: string[], message: string) => {
      expect(() => synth({ domains })).toThrow(PlatformError);
      expect(() => synth({ domains })).toThrow(message);
    };

    test('fails without domains', () => {
      fails(
        [],
        "ManagedCertificate 'test/cert': 'domains' has 0 entries; give 1 to 100 domain names",
      );
    });

    test('fails on more than 100 domains', () => {
      fails(
        Array.from({ length: 101 }, (_, i) => `d${i}.example.com`),
        "'domains' has 101 entries",
      );
    });

    test('fails on a wildcard domain', () => {
      fails(
        ['*.example.com'],
        '\'domains\' has the wildcard "*.example.com", which a ManagedCertificate does not support',
      );
    });

    test('fails on a URL instead of a domain', () => {
      fails(
        ['https://shop.example.com/'],
        '\'domains\' has host "https://shop.example.com/", which is not a DNS name',
      );
    });

    test('fails on an upper-case domain', () => {
      fails(['Shop.example.com'], '\'domains\' has host "Shop.example.com"');
    });

    test('fails on a single-label domain', () => {
      fails(['localhost'], '\'domains\' has host "localhost"');
    });

    test('fails on a domain longer than 63 characters', () => {
      const long = `${'a'.repeat(60)}.example.com`;
      fails(
        [long],
        `'domains' has "${long}", which is 72 characters long; use names of at most 63 characters`,
      );
    });

    test('fails on a numeric top-level domain', () => {
      fails(
        ['10.0.0.1'],
        '\'domains\' has "10.0.0.1", whose top-level domain does not start with a letter',
      );
    });

    test('fails on a duplicate domain', () => {
      fails(['a.example.com', 'a.example.com'], '\'domains\' has "a.example.com" twice');
    });

    test('fails on a name that Kubernetes would reject', () => {
      expect(() => synth({ metadata: { name: 'A' }, domains: ['a.example.com'] })).toThrow(
        '\'metadata.name\' is "A"',
      );
    });
  });
});
