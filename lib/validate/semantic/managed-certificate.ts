import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, quote, record } from './edge-fields';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * GKE ManagedCertificate (networking.gke.io/v1): the CRD's own schema (at most 100 domains
 * of at most 63 characters, a top-level domain starting with a letter) and the controller's
 * limits (no wildcard, at least one domain: a Google-managed SslCertificate needs one).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
 * @see https://github.com/GoogleCloudPlatform/gke-managed-certs (Limitations)
 */

const MAX_DOMAINS = 100;
const MAX_DOMAIN_LENGTH = 63;
/** The CRD's `spec.domains[]` pattern. */
const CRD_DOMAIN = /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)+[a-z][-a-z0-9]*[a-z0-9]$/;
const RULE = 'ManagedCertificate CRD spec.domains';

/** The rules for one ManagedCertificate. */
function checkManagedCertificate(certificate: KubernetesObject, report: ObjectReport): void {
  const domains = list(record(certificate.spec)?.domains);
  if (domains.length === 0 || domains.length > MAX_DOMAINS)
    report.add(
      'spec.domains',
      `has ${domains.length} domains`,
      `give 1 to ${MAX_DOMAINS} domain names (split them over several ManagedCertificates)`,
      RULE,
    );
  domains.forEach((domain, i) => {
    const at = `spec.domains[${i}]`;
    if (typeof domain !== 'string') return;
    if (domain.includes('*'))
      report.add(
        at,
        `is ${quote(domain)}, a wildcard, which Google-managed certificates do not support`,
        'list each host name, or use a Certificate Manager certificate with DNS authorization for wildcards',
        'gke-managed-certs limitations (non-wildcard only)',
      );
    else if (domain.length > MAX_DOMAIN_LENGTH)
      report.add(
        at,
        `is ${quote(domain)}, ${domain.length} characters long`,
        `use names of at most ${MAX_DOMAIN_LENGTH} characters`,
        RULE,
      );
    else if (!CRD_DOMAIN.test(domain))
      report.add(
        at,
        `is ${quote(domain)}, which is not a fully qualified lower-case domain name`,
        "give a public DNS name whose last label starts with a letter, e.g. 'shop.example.com'",
        RULE,
      );
  });
}

/** GKE's rules for a ManagedCertificate. */
export const MANAGED_CERTIFICATE_RULES: readonly ObjectRule[] = [checkManagedCertificate];
