import { fail } from './errors';

/**
 * What a primitive check reports: what is wrong, as a predicate that follows 'which'
 * (`is not a DNS-1123 label`, `has no letter`), and what would be right.
 */
export interface Violation {
  readonly problem: string;
  readonly fix: string;
}

/*
 * The string formats of k8s.io/apimachinery/pkg/util/validation (validation.go, and
 * api/validate/content/kube.go and path.go that it now delegates to), which every API
 * group's validation builds on. Each function is named after the Go function it mirrors and
 * returns its violations (none when the value is valid). Lengths are counted in UTF-16 units
 * where Go counts bytes; every format below is ASCII-only, so a value that differs is
 * rejected by the pattern anyway.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER = /[a-z]/;
const PERCENT = /^[0-9]+%$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** `validation.DNS1123LabelMaxLength` and friends. */
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
/** `apimachineryvalidation.TotalAnnotationSizeLimitB`: keys and values of one object. */
export const TOTAL_ANNOTATION_SIZE_MAX = 256 * 1024;
/** `math.MaxInt32`, the largest user and group ID (`IsValidUserID`, `IsValidGroupID`). */
export const MAX_INT32 = 2147483647;

const v = (problem: string, fix: string): Violation => ({ problem, fix });

/**
 * Names and label keys are mostly valid, so each format first tries one precompiled pattern
 * of the whole value and builds its findings only when that fails.
 */
function fastPath(
  valid: (value: string) => boolean,
  check: (value: string) => Violation[],
): (value: string) => Violation[] {
  return (value) => (valid(value) ? [] : check(value));
}

/**
 * Label and annotation keys repeat on every object (and come from JSON as internalized
 * strings, cheap to hash), so the valid ones are remembered, up to a bound.
 */
const KNOWN_QUALIFIED_NAMES = new Set<string>();
const KNOWN_MAX = 8192;

function isValidQualifiedName(x: string): boolean {
  if (KNOWN_QUALIFIED_NAMES.has(x)) return true;
  const slash = x.indexOf('/');
  const name = slash < 0 ? x : x.slice(slash + 1);
  const valid =
    name.length <= 63 &&
    QUALIFIED_NAME.test(name) &&
    (slash < 0 || (slash <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(x.slice(0, slash))));
  if (valid && KNOWN_QUALIFIED_NAMES.size < KNOWN_MAX) KNOWN_QUALIFIED_NAMES.add(x);
  return valid;
}

const tooLong = (max: number, what: string): Violation =>
  v(`is longer than ${max} characters`, `shorten the ${what} to at most ${max} characters`);

function isDns1123LabelUncached(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > DNS1123_LABEL_MAX) out.push(tooLong(DNS1123_LABEL_MAX, 'name'));
  if (!DNS1123_LABEL.test(value)) {
    const fix =
      "use lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')";
    // As the Go function: a valid subdomain that is no label has dots.
    out.push(
      DNS1123_SUBDOMAIN.test(value)
        ? v("is not a DNS-1123 label (it has '.')", fix)
        : v('is not a DNS-1123 label', fix),
    );
  }
  return out;
}

/** `validation.IsDNS1123Label`: namespaces, container, volume and port names of Services. */
export const isDns1123Label = fastPath(
  (x) => x.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(x),
  isDns1123LabelUncached,
);

function isDns1123SubdomainUncached(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) out.push(tooLong(DNS1123_SUBDOMAIN_MAX, 'name'));
  if (!DNS1123_SUBDOMAIN.test(value))
    out.push(
      v(
        'is not a DNS-1123 subdomain',
        "use lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (e.g. 'web.tls')",
      ),
    );
  return out;
}

/** `validation.IsDNS1123Subdomain`: names of most kinds (Deployment, ConfigMap, Secret, …). */
export const isDns1123Subdomain = fastPath(
  (x) => x.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(x),
  isDns1123SubdomainUncached,
);

const WILDCARD_DNS1123_SUBDOMAIN =
  /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `validation.IsWildcardDNS1123Subdomain`: '*.' then a DNS-1123 subdomain (RFC 1034 4.3.3),
 * e.g. `*.example.com`; the wildcard may only be the whole first label. Ingress hosts and
 * TLS hosts with a '*' are checked with it.
 */
export function isWildcardDns1123Subdomain(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) out.push(tooLong(DNS1123_SUBDOMAIN_MAX, 'host'));
  if (!WILDCARD_DNS1123_SUBDOMAIN.test(value))
    out.push(
      v(
        'is not a wildcard DNS-1123 subdomain',
        "write '*.' and then a DNS subdomain, with the '*' only as the whole first label (e.g. '*.example.com')",
      ),
    );
  return out;
}

function isDns1035LabelUncached(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > DNS1123_LABEL_MAX) out.push(tooLong(DNS1123_LABEL_MAX, 'name'));
  if (!DNS1035_LABEL.test(value))
    out.push(
      v(
        'is not a DNS-1035 label',
        "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'render-3d')",
      ),
    );
  return out;
}

/** `validation.IsDNS1035Label`: Service names (they become DNS labels and env var prefixes). */
export const isDns1035Label = fastPath(
  (x) => x.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(x),
  isDns1035LabelUncached,
);

function isQualifiedNameUncached(value: string): Violation[] {
  const parts = value.split('/');
  let name = value;
  const out: Violation[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0)
      out.push(v('has an empty prefix', "write 'prefix/name' or just 'name'"));
    else
      for (const p of isDns1123Subdomain(prefix))
        out.push(v(`has a prefix that ${p.problem}`, p.fix));
  } else if (parts.length > 2) {
    return [
      v(
        "has more than one '/'",
        "write an optional DNS subdomain prefix and '/', then a name (e.g. 'example.com/my-key')",
      ),
    ];
  }
  if (name.length === 0) out.push(v('has an empty name part', "write a name after the '/'"));
  else if (name.length > 63) out.push(tooLong(63, 'name part'));
  else if (!QUALIFIED_NAME.test(name))
    out.push(
      v(
        'is not a qualified name',
        "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'MyName', 'my.name', '123-abc')",
      ),
    );
  return out;
}

/**
 * `validation.IsQualifiedName` (content.IsLabelKey): label and annotation keys, taint and
 * toleration keys, topology keys, …: an optional DNS-1123 subdomain prefix and '/', then a
 * name of at most 63 characters.
 */
export const isQualifiedName = fastPath(isValidQualifiedName, isQualifiedNameUncached);

function isValidLabelValueUncached(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > LABEL_VALUE_MAX) out.push(tooLong(LABEL_VALUE_MAX, 'label value'));
  if (!LABEL_VALUE.test(value))
    out.push(
      v(
        'is not a valid label value',
        "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. '1.0.0-build.5')",
      ),
    );
  return out;
}

/** `validation.IsValidLabelValue` (content.IsLabelValue): at most 63 characters, empty allowed. */
export const isValidLabelValue = fastPath(
  (x) => x.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(x),
  isValidLabelValueUncached,
);

/** `validation.IsCIdentifier`. */
export function isCIdentifier(value: string): Violation[] {
  return C_IDENTIFIER.test(value)
    ? []
    : [v('is not a C identifier', "use letters, digits and '_', not starting with a digit")];
}

/** `hasChDirPrefix`: config keys and env var names must not be '.', '..' or start with '..'. */
function hasChDirPrefix(value: string): Violation[] {
  if (value === '.' || value === '..')
    return [v(`is '${value}'`, "use a name that is not '.' or '..'")];
  if (value.startsWith('..'))
    return [v("starts with '..'", "start it with a letter, digit, '-' or '_'")];
  return [];
}

function isEnvVarNameUncached(value: string): Violation[] {
  const out: Violation[] = ENV_VAR_NAME.test(value)
    ? []
    : [
        v(
          'is not a valid environment variable name',
          "use letters, digits, '_', '-' and '.', not starting with a digit (e.g. 'API_KEY')",
        ),
      ];
  return out.concat(hasChDirPrefix(value));
}

/**
 * `validation.IsEnvVarName`, the rule of Kubernetes 1.27 to 1.33 (1.34 relaxed it to any
 * printable ASCII but '='); the stricter rule keeps the output valid on every version.
 */
export const isEnvVarName = fastPath(
  (x) => ENV_VAR_NAME.test(x) && !x.startsWith('..') && x !== '.',
  isEnvVarNameUncached,
);

function isConfigMapKeyUncached(value: string): Violation[] {
  const out: Violation[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) out.push(tooLong(DNS1123_SUBDOMAIN_MAX, 'key'));
  if (!CONFIG_MAP_KEY.test(value))
    out.push(
      v(
        'is not a valid config key',
        "use letters, digits, '-', '_' and '.' only (e.g. 'api-key', 'app.conf')",
      ),
    );
  return out.concat(hasChDirPrefix(value));
}

/** `validation.IsConfigMapKey`: keys of ConfigMaps and Secrets, and of their references. */
export const isConfigMapKey = fastPath(
  (x) =>
    x.length <= DNS1123_SUBDOMAIN_MAX && CONFIG_MAP_KEY.test(x) && !x.startsWith('..') && x !== '.',
  isConfigMapKeyUncached,
);

function isValidPortNameUncached(value: string): Violation[] {
  const fix =
    "use 1–15 lower-case letters, digits and single '-', with at least one letter (e.g. 'http', 'grpc-web')";
  const out: Violation[] = [];
  if (value.length < 1 || value.length > 15) out.push(v('is not 1 to 15 characters long', fix));
  if (!PORT_NAME_CHARS.test(value)) out.push(v("has characters other than a-z, 0-9 and '-'", fix));
  if (!PORT_NAME_LETTER.test(value)) out.push(v('has no lower-case letter', fix));
  if (value.includes('--')) out.push(v("has '--'", fix));
  if (value.startsWith('-') || value.endsWith('-')) out.push(v("starts or ends with '-'", fix));
  return out;
}

/**
 * `validation.IsValidPortName` (IANA_SVC_NAME): at most 15 characters, lower-case letters,
 * digits and '-', at least one letter, no '-' at either end and no '--'.
 */
export const isValidPortName = fastPath(
  (x) =>
    x.length <= 15 &&
    PORT_NAME_CHARS.test(x) &&
    PORT_NAME_LETTER.test(x) &&
    !x.includes('--') &&
    !x.startsWith('-') &&
    !x.endsWith('-'),
  isValidPortNameUncached,
);

/** `validation.IsValidPortNum`. */
export function isValidPortNum(value: number): Violation[] {
  return Number.isInteger(value) && value >= 1 && value <= 65535
    ? []
    : [v('is not a port number', 'use a whole number from 1 to 65535')];
}

/** `validation.IsInRange`. */
export function isInRange(value: number, min: number, max: number): Violation[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [
        v(
          `is not a whole number from ${min} to ${max}`,
          `use a whole number from ${min} to ${max}`,
        ),
      ];
}

/** `validation.IsValidUserID` and `IsValidGroupID`: 0 to 2^31-1. */
export function isValidUserId(value: number): Violation[] {
  return Number.isInteger(value) && value >= 0 && value <= MAX_INT32
    ? []
    : [v('is not a user or group ID', `use a whole number from 0 to ${MAX_INT32}`)];
}

/** `validation.IsValidPercent`. */
export function isValidPercent(value: string): Violation[] {
  return PERCENT.test(value)
    ? []
    : [v('is not a percentage', "write a whole percentage such as '25%'")];
}

/** `validation.IsHTTPHeaderName`: probe and health check header names. */
export function isHttpHeaderName(value: string): Violation[] {
  return HTTP_HEADER_NAME.test(value)
    ? []
    : [v('is not an HTTP header name', "use letters, digits and '-' (e.g. 'X-Forwarded-Proto')")];
}

/**
 * `path.IsValidPathSegmentName` (content.IsPathSegmentName): the least every name must be
 * (rest.BeforeCreate), and all RBAC asks of its names.
 */
export function isValidPathSegmentName(value: string): Violation[] {
  if (value === '.' || value === '..')
    return [v(`is '${value}'`, "use a name that is not '.' or '..'")];
  return /[/%]/.test(value) ? [v("contains '/' or '%'", "leave out '/' and '%'")] : [];
}

const IPV4_PART = '(25[0-5]|2[0-4]\\d|1\\d\\d|0{0,2}\\d{1,2})';
/** IPv4 as `netutils.ParseIPSloppy` reads it: leading zeros allowed, as in Go before 1.17. */
const IPV4 = new RegExp(`^${IPV4_PART}(\\.${IPV4_PART}){3}$`);

/** `netutils.ParseIPSloppy` != nil: an IPv4 or IPv6 address. */
export function isValidIp(value: string): boolean {
  if (IPV4.test(value)) return true;
  return isIpv6(value);
}

function isIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value) || !value.includes(':')) return false;
  const double = value.split('::');
  if (double.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = double.flatMap(groups);
  const last = all[all.length - 1];
  const embeddedV4 = last !== undefined && last.includes('.');
  if (embeddedV4 && !IPV4.test(last)) return false;
  const hex = embeddedV4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + (embeddedV4 ? 2 : 0);
  return double.length === 2 ? count < 8 : count === 8;
}

/** `validation.IsValidIP`. */
export function isValidIpAddress(value: string): Violation[] {
  return isValidIp(value)
    ? []
    : [
        v(
          'is not an IP address',
          "write an IPv4 or IPv6 address, e.g. '10.0.0.10' or '2001:db8::1'",
        ),
      ];
}

/** `validation.IsValidCIDR` (netutils.ParseCIDRSloppy): an address, '/', a prefix length. */
export function isValidCidr(value: string): Violation[] {
  const fix = "write an address and a prefix length, e.g. '203.0.113.0/24' or '203.0.113.5/32'";
  const [ip, bits, ...rest] = value.split('/');
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits))
    return [v('is not a CIDR (no prefix length)', fix)];
  if (!isValidIp(ip)) return [v('is not a CIDR (bad address)', fix)];
  const max = ip.includes(':') ? 128 : 32;
  return Number(bits) <= max ? [] : [v(`is not a CIDR (prefix longer than ${max})`, fix)];
}

/**
 * Fails with a PlatformError on the first violation of a check above: for props checked
 * where they enter, so the error names the construct and the prop.
 */
export function checkFormat<T extends string>(
  where: string,
  prop: string,
  value: T,
  check: (value: string) => Violation[],
): T {
  const violations =
    typeof value === 'string' ? check(value) : [v('is not a string', 'give a string')];
  if (violations.length > 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which ${violations[0].problem}`,
      violations[0].fix,
    );
  }
  return value;
}
