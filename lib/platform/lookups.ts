/*
 * The checked lookups that constructs make in the platform's declarations: each returns the
 * declaration or fails naming the construct (`where`), its prop, and what is declared. They
 * take error-message context, so they stay internal; the public Platform has `environment()`.
 */
import { fail } from '../core/errors';
import type { Certificate } from './certificate';
import type { Platform, WorkloadIdentity } from './platform';
import { findImageRegistry, type Registry } from './registry';
import type { SecretManagerSecret } from './secret';
import type { SecurityPolicy } from './security-policy';
import type { StaticIp } from './static-ip';

/** The static IP `key` in `env`, checked to be of the wanted scope. */
export function declaredStaticIp(
  platform: Platform,
  env: string,
  key: string,
  scope: 'global' | 'regional',
  where: string,
  prop: string,
): StaticIp {
  const ips = platform.environment(env).staticIps;
  const ip = ips.find((i) => i.key === key);
  if (!ip) {
    const known = ips.map((i) => `${i.key} (${i.scope})`).join(', ') || 'none';
    fail(
      where,
      prop,
      `is '${key}', but environment '${env}' declares no such static IP`,
      `use one of: ${known}, or declare it in the platform`,
    );
  }
  if (ip.scope !== scope) {
    fail(
      where,
      prop,
      `is '${key}', a ${ip.scope} address, but this needs a ${scope} one`,
      `declare one with scope '${scope}'`,
    );
  }
  return ip;
}

/** The workload identity for Kubernetes service account `name` in `env`. */
export function declaredWorkloadIdentity(
  platform: Platform,
  env: string,
  name: string,
  where: string,
  prop = 'workloadIdentity',
): WorkloadIdentity {
  return findDeclared(
    platform.environment(env).workloadIdentities,
    'workload identity',
    'workloadIdentities',
    env,
    name,
    where,
    prop,
    (id) => id.serviceAccountName,
  );
}

/**
 * The declared registry that `image` comes from in `env`, or undefined for an image this
 * library does not check (Docker Hub and other hosts outside Artifact Registry and
 * `gcr.io`).
 *
 * @throws when the image is on an Artifact Registry or `gcr.io` host that `env` does not
 * declare, naming the workload (`where`), the prop, the image and the declared registries.
 */
export function declaredImageRegistry(
  platform: Platform,
  env: string,
  image: string,
  where: string,
  prop = 'image',
): Registry | undefined {
  return findImageRegistry(where, prop, env, image, platform.environment(env).registries);
}

/**
 * Checks that `env` declares `internalLoadBalancing`, which an internal Application Load
 * Balancer (a `gce-internal` Ingress) needs for its proxy-only subnet.
 *
 * @throws naming the workload (`where`), the prop and the environment.
 */
export function requireInternalLoadBalancing(
  platform: Platform,
  env: string,
  where: string,
  prop = 'internal',
): void {
  if (!platform.environment(env).internalLoadBalancing) {
    fail(
      where,
      prop,
      `is true, but environment '${env}' does not declare 'internalLoadBalancing', so its cluster has no proxy-only subnet for internal Application Load Balancers`,
      `set 'internalLoadBalancing: true' for environment '${env}' in the platform`,
    );
  }
}

/**
 * The secret `name` declared for `env`, or an error naming the workload (`where`), the
 * prop, the secret and the declared ones.
 */
export function declaredSecret(
  platform: Platform,
  env: string,
  name: string,
  where: string,
  prop: string,
): SecretManagerSecret {
  const secrets = platform.environment(env).secrets;
  const secret = secrets.find((s) => s.name === name);
  if (!secret) {
    const known = secrets.map((s) => s.name).join(', ') || 'none';
    fail(
      where,
      prop,
      `names secret '${name}', but environment '${env}' declares no such secret`,
      `use one of: ${known}, or declare it under 'secrets'`,
    );
  }
  return secret;
}

/** The Cloud Armor policy `key` declared for `env`, or an error naming `where` and `prop`. */
export function declaredSecurityPolicy(
  platform: Platform,
  env: string,
  key: string,
  where: string,
  prop: string,
): SecurityPolicy {
  return findDeclared(
    platform.environment(env).securityPolicies,
    'security policy',
    'securityPolicies',
    env,
    key,
    where,
    prop,
    (d) => d.key,
  );
}

/** The SSL certificate `key` declared for `env`, or an error naming `where` and `prop`. */
export function declaredCertificate(
  platform: Platform,
  env: string,
  key: string,
  where: string,
  prop: string,
): Certificate {
  return findDeclared(
    platform.environment(env).certificates,
    'certificate',
    'certificates',
    env,
    key,
    where,
    prop,
    (d) => d.key,
  );
}

/**
 * The declaration of `env` whose key (`keyOf`) is `key`, or an error
 * naming `where`, `prop`, the declared keys and the `field` to declare it under.
 */
function findDeclared<T>(
  declared: readonly T[],
  what: string,
  field: string,
  env: string,
  key: string,
  where: string,
  prop: string,
  keyOf: (d: T) => string,
): T {
  const found = declared.find((d) => keyOf(d) === key);
  if (!found)
    fail(
      where,
      prop,
      `is '${key}', but environment '${env}' declares no such ${what}`,
      `use one of: ${declared.map(keyOf).join(', ') || 'none'}, or declare it under '${field}'`,
    );
  return found;
}
