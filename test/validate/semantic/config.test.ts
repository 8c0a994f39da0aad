import { type Case, details, make, type Pass, runCases, runPasses } from './fixtures';

const b64 = (text: string) => Buffer.from(text).toString('base64');

// ValidateConfigMap and ValidateSecret (pkg/apis/core/validation), kubectl apply.
describe('ConfigMap and Secret', () => {
  runCases([
    [
      'a ConfigMap key with a /',
      'ConfigMap',
      (o) => (o.data['etc/app.conf'] = 'x'),
      'data["etc/app.conf"]',
      'is "etc/app.conf", which is not a valid config key',
      'IsConfigMapKey',
    ],
    [
      'a ConfigMap key of ..',
      'ConfigMap',
      (o) => (o.data['..'] = 'x'),
      'data[".."]',
      `is "..", which is '..'`,
      'IsConfigMapKey',
    ],
    [
      'a key in data and binaryData',
      'ConfigMap',
      (o) => (o.binaryData = { 'app.conf': b64('x') }),
      'data["app.conf"]',
      'is also a key of binaryData',
      'duplicate of key present in binaryData',
    ],
    [
      'binaryData that is no base64',
      'ConfigMap',
      (o) => (o.binaryData = { logo: 'not base64!' }),
      'binaryData["logo"]',
      'is not base64',
      'base64',
    ],
    [
      'a ConfigMap over 1 MiB',
      'ConfigMap',
      (o) => (o.data = { a: 'x'.repeat(600 * 1024), b: 'x'.repeat(500 * 1024) }),
      'data',
      'holds 1126400 bytes, more than the 1048576 bytes (1 MiB) a ConfigMap may hold',
      'MaxSecretSize',
    ],
    [
      'a Secret key with a space (secretEnv key "api key")',
      'Secret',
      (o) => (o.stringData = { 'api key': 'x' }),
      'stringData["api key"]',
      'is "api key", which is not a valid config key',
      'IsConfigMapKey',
    ],
    [
      'Secret data that is no base64',
      'Secret',
      (o) => (o.data['tls.key'] = 'plain text'),
      'data["tls.key"]',
      'is not base64',
      'base64',
    ],
    [
      'a Secret over 1 MiB',
      'Secret',
      (o) => ((o.type = 'Opaque'), (o.stringData = { big: 'x'.repeat(1024 * 1024 + 1) })),
      'data',
      'holds 1048584 bytes, more than the 1048576 bytes (1 MiB) a Secret may hold',
      'MaxSecretSize',
    ],
    [
      'a TLS Secret without tls.key',
      'Secret',
      (o) => delete o.data['tls.key'],
      'data["tls.key"]',
      'is missing, which a kubernetes.io/tls Secret needs',
      'kubernetes.io/tls',
    ],
    [
      'a dockerconfigjson Secret that is no JSON',
      'Secret',
      (o) => (
        (o.type = 'kubernetes.io/dockerconfigjson'),
        (o.data = { '.dockerconfigjson': b64('{auths') })
      ),
      'data[".dockerconfigjson"]',
      'is not JSON',
      'well-formed json',
    ],
    [
      'a basic-auth Secret without username and password',
      'Secret',
      (o) => ((o.type = 'kubernetes.io/basic-auth'), (o.data = { user: b64('a') })),
      'data',
      'has neither username nor password, which a basic-auth Secret needs',
      'SecretTypeBasicAuth',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'keys with dots, dashes and underscores',
      'ConfigMap',
      (o) => (o.data = { '.env': 'a', 'default.conf': 'b', APP_MODE: 'c', 'a..b': 'd' }),
    ],
    ['a Secret named web.tls with stringData', 'Secret', (o) => (o.stringData = { 'ca.crt': 'x' })],
    ['base64 with line breaks', 'Secret', (o) => (o.data['tls.crt'] = 'Y2Vy\ndA==')],
  ] satisfies Pass[]);

  it('fails on a 300 KiB config file, which kubectl apply cannot store in last-applied-configuration', () => {
    const found = details(
      make('ConfigMap', (o) => (o.data = { 'big.conf': 'x'.repeat(300 * 1024) })),
    );
    expect(found).toHaveLength(1);
    expect(found[0].field).toBe('data');
    expect(found[0].problem).toMatch(
      /^makes the object \d+ bytes as kubectl's last-applied-configuration annotation, more than the 262144 bytes \(256 KiB\) of annotations an object may carry, so `kubectl apply` fails$/,
    );
    expect(found[0].rule).toContain('last-applied-configuration');
  });
  it('takes exactly 1 MiB of data as within MaxSecretSize (only kubectl apply is refused)', () => {
    const found = details(make('ConfigMap', (o) => (o.data = { a: 'x'.repeat(1024 * 1024) })));
    expect(found.map((p) => p.rule)).toEqual([
      'kubectl apply (last-applied-configuration, TotalAnnotationSizeLimitB)',
    ]);
  });
  it('accepts a 200 KiB config file', () => {
    expect(
      details(make('ConfigMap', (o) => (o.data = { 'big.conf': 'x'.repeat(200 * 1024) }))),
    ).toEqual([]);
  });
});
