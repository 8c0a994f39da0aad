import { isDns1123Label, isDns1123Subdomain, isValidLabelValue } from './apimachinery';
import { fail } from './errors';

/** A host name for an Ingress rule or a certificate: a DNS name, at least two labels. */
const HOST_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Checks that `name` is a DNS-1123 label of at most `maxLength` characters (63 by default;
 * less where a suffix is appended to it).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export function checkDnsLabel(where: string, prop: string, name: string, maxLength = 63): string {
  if (typeof name !== 'string' || isDns1123Label(name).length > 0 || name.length > maxLength) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(name)}, which is not a DNS-1123 label`,
      `use at most ${maxLength} lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')`,
    );
  }
  return name;
}

/** Checks that `name` is a DNS-1123 subdomain (253 characters at most). */
export function checkDnsSubdomain(where: string, prop: string, name: string): string {
  if (typeof name !== 'string' || isDns1123Subdomain(name).length > 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(name)}, which is not a DNS-1123 subdomain`,
      "use lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit",
    );
  }
  return name;
}

/** Checks that `host` is a fully qualified DNS name such as `shop.example.com`. */
export function checkHostName(where: string, prop: string, host: string): string {
  if (typeof host !== 'string' || !HOST_NAME.test(host) || host.length > 253) {
    fail(
      where,
      prop,
      `has host ${JSON.stringify(host)}, which is not a DNS name`,
      "give a lower-case fully qualified name such as 'shop.example.com', without scheme, port or path",
    );
  }
  return host;
}

/** Checks that `value` can be a Kubernetes label value. */
export function checkLabelValue(where: string, prop: string, value: string): string {
  if (typeof value !== 'string' || isValidLabelValue(value).length > 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a valid label value`,
      "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    );
  }
  return value;
}
