import { checkOneOf, fail } from '../core/errors';
import { checkDnsLabel, checkHostName } from '../core/naming';

/**
 * A TLS certificate the Pulumi stack creates as a Compute Engine SSL certificate, which
 * entrypoints serve by key (`certificates: ['shop']`) through the Ingress annotation
 * `ingress.gcp.kubernetes.io/pre-shared-cert`.
 * - `google-managed`: Google provisions and renews it for `domains` (each must resolve to
 *   the load balancer's IP address).
 * - `self-managed`: the stack uploads a PEM certificate and key it is given
 *   (`GkePlatformArgs.certificatePems`), never this definition.
 *
 * Certificate Manager certificate maps are not offered: GKE Ingress serves pre-shared,
 * Google-managed and Secret certificates only; certificate maps are for the Gateway API.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 * @see https://github.com/kubernetes/ingress-gce/issues/1692
 */
export type CertificateSpec =
  | {
      readonly type: 'google-managed';
      /** 1 to 100 domains, without wildcards. */
      readonly domains: readonly string[];
      /** The name in GCP. @default `<platform>-<environment>-<key>` */
      readonly name?: string;
    }
  | {
      readonly type: 'self-managed';
      /** The name in GCP. @default `<platform>-<environment>-<key>` */
      readonly name?: string;
    };

/** A declared certificate with its name worked out. */
export interface Certificate {
  /** The key it is declared under, which entrypoints' `certificates` name. */
  readonly key: string;
  /** The name in GCP, which the Ingress annotation references. */
  readonly name: string;
  /**
   * Whether Google provisions and renews it (`google-managed`) or the stack uploads a given PEM
   * (`self-managed`).
   */
  readonly type: 'google-managed' | 'self-managed';
  /** For `google-managed`: the domains. */
  readonly domains: readonly string[];
}

/** Checks one declared certificate and applies its defaults. */
export function parseCertificate(
  where: string,
  key: string,
  spec: CertificateSpec,
  defaultName: string,
): Certificate {
  const at = `${where} certificate '${key}'`;
  checkOneOf(at, 'type', spec.type, ['google-managed', 'self-managed']);
  const domains = spec.type === 'google-managed' ? spec.domains : [];
  if (spec.type === 'google-managed') {
    // compute sslCertificates: a managed certificate has 1 to 100 domains, no wildcards.
    // @see https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs
    if (!Array.isArray(domains) || domains.length === 0 || domains.length > 100)
      fail(at, 'domains', `has ${domains?.length ?? 0} entries`, 'give 1 to 100 domain names');
    for (const domain of domains) {
      if (typeof domain === 'string' && domain.includes('*'))
        fail(
          at,
          'domains',
          `has the wildcard ${JSON.stringify(domain)}`,
          'list each host name: Google-managed Compute Engine certificates have no wildcards',
        );
      checkHostName(at, 'domains', domain);
    }
  }
  return {
    key,
    name: checkDnsLabel(at, 'name', spec.name ?? defaultName),
    type: spec.type,
    domains: [...domains],
  };
}
