import {
  isConfigMapKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidCidr,
  isValidIp,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isValidUserId,
} from '#lib/core/apimachinery';

// Valid and invalid values from k8s.io/apimachinery/pkg/util/validation/validation_test.go
// and the format comments of validation.go.
const problemsOf = (vs: { problem: string }[]) => vs.map((v) => v.problem);

describe('IsDNS1123Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '3d-render', 'a'.repeat(63)])(
    'accepts %p',
    (value) => expect(isDns1123Label(value)).toEqual([]),
  );
  it.each([
    ['', ['is not a DNS-1123 label']],
    ['A', ['is not a DNS-1123 label']],
    ['-a', ['is not a DNS-1123 label']],
    ['a-', ['is not a DNS-1123 label']],
    ['a_b', ['is not a DNS-1123 label']],
    ['a.b', ["is not a DNS-1123 label (it has '.')"]],
    ['a'.repeat(64), ['is longer than 63 characters']],
  ])('rejects %p', (value, expected) =>
    expect(problemsOf(isDns1123Label(value))).toEqual(expected),
  );
});

describe('IsDNS1123Subdomain', () => {
  it.each(['web.tls', 'a.b.c', '0.9', 'a-1.b-2', `${'a'.repeat(63)}.${'b'.repeat(63)}`])(
    'accepts %p',
    (value) => expect(isDns1123Subdomain(value)).toEqual([]),
  );
  it.each(['', 'Web', 'a..b', '.a', 'a.', 'a_b', '-a.b'])('rejects %p', (value) =>
    expect(problemsOf(isDns1123Subdomain(value))).toEqual(['is not a DNS-1123 subdomain']),
  );
  it('rejects 254 characters', () =>
    expect(problemsOf(isDns1123Subdomain(`${'a.'.repeat(126)}ab`))).toEqual([
      'is longer than 253 characters',
    ]));
});

describe('IsDNS1035Label', () => {
  it.each(['a', 'render-3d', 'a1'])('accepts %p', (value) =>
    expect(isDns1035Label(value)).toEqual([]),
  );
  it.each(['3d-render', '1', 'a-', 'a.b', 'A'])('rejects %p', (value) =>
    expect(problemsOf(isDns1035Label(value))).toEqual(['is not a DNS-1035 label']),
  );
});

describe('IsQualifiedName', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'example.com/MyName',
    'app.kubernetes.io/name',
    'a'.repeat(63),
    `${'a'.repeat(253)}/b`,
  ])('accepts %p', (value) => expect(isQualifiedName(value)).toEqual([]));
  it.each([
    ['nospecialchars%^=@', 'is not a qualified name'],
    ['cantendwithadash-', 'is not a qualified name'],
    ['only/one/slash', "has more than one '/'"],
    ['/simple', 'has an empty prefix'],
    ['example.com/', 'has an empty name part'],
    ['Example.com/name', 'has a prefix that is not a DNS-1123 subdomain'],
    ['a'.repeat(64), 'is longer than 63 characters'],
    ['api key', 'is not a qualified name'],
  ])('rejects %p', (value, problem) =>
    expect(problemsOf(isQualifiedName(value))).toEqual([problem]),
  );
});

describe('IsValidLabelValue', () => {
  it.each(['', 'simple', 'now-with-dashes', '1.0.0-build.5', 'a_b', 'A', 'a'.repeat(63)])(
    'accepts %p',
    (value) => expect(isValidLabelValue(value)).toEqual([]),
  );
  it.each(['1.0.0+build.5', '-a', 'a-', 'a b', 'a/b'])('rejects %p', (value) =>
    expect(problemsOf(isValidLabelValue(value))).toEqual(['is not a valid label value']),
  );
  it('rejects 64 characters', () =>
    expect(problemsOf(isValidLabelValue('a'.repeat(64)))).toEqual([
      'is longer than 63 characters',
    ]));
});

describe('IsEnvVarName', () => {
  it.each(['ABC', 'AbC_123', 'abc', 'a.b', '-a', '_a', 'my.env-name', 'MY_ENV.NAME'])(
    'accepts %p',
    (value) => expect(isEnvVarName(value)).toEqual([]),
  );
  it.each([
    ['1ABC', ['is not a valid environment variable name']],
    ['A B', ['is not a valid environment variable name']],
    ['A=B', ['is not a valid environment variable name']],
    ['.', ["is '.'"]],
    ['..', ["is '..'"]],
    ['..a', ["starts with '..'"]],
  ])('rejects %p', (value, expected) => expect(problemsOf(isEnvVarName(value))).toEqual(expected));
});

describe('IsConfigMapKey', () => {
  it.each(['a', 'tls.crt', '.dockerconfigjson', 'KEY_NAME', 'key-name', 'a..b', 'etc.nginx.conf'])(
    'accepts %p',
    (value) => expect(isConfigMapKey(value)).toEqual([]),
  );
  it.each([
    ['api key', ['is not a valid config key']],
    ['a/b', ['is not a valid config key']],
    ['.', ["is '.'"]],
    ['..', ["is '..'"]],
    ['..a', ["starts with '..'"]],
    ['', ['is not a valid config key']],
  ])('rejects %p', (value, expected) =>
    expect(problemsOf(isConfigMapKey(value))).toEqual(expected),
  );
});

describe('IsValidPortName', () => {
  it.each(['http', 'grpc-web', 'h2c', 'a', 'metrics-123', 'abcdefghijklmno'])(
    'accepts %p',
    (value) => expect(isValidPortName(value)).toEqual([]),
  );
  it.each([
    ['8080', ['has no lower-case letter']],
    ['http--alt', ["has '--'"]],
    ['-http', ["starts or ends with '-'"]],
    ['HTTP', ["has characters other than a-z, 0-9 and '-'", 'has no lower-case letter']],
    ['abcdefghijklmnop', ['is not 1 to 15 characters long']],
    [
      '',
      [
        'is not 1 to 15 characters long',
        "has characters other than a-z, 0-9 and '-'",
        'has no lower-case letter',
      ],
    ],
  ])('rejects %p', (value, expected) =>
    expect(problemsOf(isValidPortName(value))).toEqual(expected),
  );
});

describe('numbers', () => {
  it('IsValidPortNum: 1 to 65535, whole', () => {
    expect(isValidPortNum(1)).toEqual([]);
    expect(isValidPortNum(65535)).toEqual([]);
    for (const bad of [0, 65536, -1, 80.5]) expect(isValidPortNum(bad)).toHaveLength(1);
  });
  it('IsValidUserID: 0 to 2^31-1', () => {
    expect(isValidUserId(0)).toEqual([]);
    expect(isValidUserId(2147483647)).toEqual([]);
    expect(isValidUserId(2147483648)).toHaveLength(1);
    expect(isValidUserId(-1)).toHaveLength(1);
  });
  it('IsValidPercent: digits and %', () => {
    expect(isValidPercent('25%')).toEqual([]);
    for (const bad of ['25', '%', '2.5%', '-1%', ' 1%'])
      expect(isValidPercent(bad)).toHaveLength(1);
  });
});

describe('IsValidPathSegmentName', () => {
  it.each(['reader', 'system:aggregate-to-view', 'Web_Reader'])('accepts %p', (value) =>
    expect(isValidPathSegmentName(value)).toEqual([]),
  );
  it.each(['.', '..', 'a/b', 'a%b'])('rejects %p', (value) =>
    expect(isValidPathSegmentName(value)).toHaveLength(1),
  );
});

describe('IPs and CIDRs (netutils.ParseIPSloppy, ParseCIDRSloppy)', () => {
  it.each([
    '10.0.0.1',
    '010.000.000.001',
    '::1',
    '2001:db8::1',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:7:8',
  ])('%p is an IP', (value) => expect(isValidIp(value)).toBe(true));
  it.each(['256.0.0.1', '10.0.0', '1:2:3:4:5:6:7:8:9', 'a::b::c', '10.0.0.1/32', ''])(
    '%p is no IP',
    (value) => expect(isValidIp(value)).toBe(false),
  );
  it.each(['203.0.113.0/24', '203.0.113.5/32', '0.0.0.0/0', '2001:db8::/32'])(
    '%p is a CIDR',
    (value) => expect(isValidCidr(value)).toEqual([]),
  );
  it.each([
    ['203.0.113.5', 'is not a CIDR (no prefix length)'],
    ['203.0.113.0/33', 'is not a CIDR (prefix longer than 32)'],
    ['300.0.113.0/24', 'is not a CIDR (bad address)'],
    ['203.0.113.0/24/1', 'is not a CIDR (no prefix length)'],
  ])('%p is no CIDR', (value, problem) =>
    expect(problemsOf(isValidCidr(value))).toEqual([problem]),
  );
});
