import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/managedcertificate-networking.gke.io';
import { checkHostName } from '../core/naming';
import { fail } from '../core/errors';
import { checkMetadata, type GkeObjectProps } from './common';
import { freeId } from '../core/construct-id';

/** The Ingress annotation that lists the ManagedCertificates an Ingress serves. */
export const MANAGED_CERTIFICATES_ANNOTATION = 'networking.gke.io/managed-certificates';

/** The CRD's limits: at most 100 domains, each at most 63 characters, TLD starting with a letter. */
const MAX_DOMAINS = 100;
const MAX_DOMAIN_LENGTH = 63;
const CRD_DOMAIN = /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)+[a-z][-a-z0-9]*[a-z0-9]$/;

/** Settings of a ManagedCertificate. */
export interface ManagedCertificateProps extends GkeObjectProps {
  /**
   * The domains the certificate covers: 1 to 100 fully qualified names of at most 63
   * characters each, without wildcards (Google-managed certificates made through this
   * resource do not support them). Each must resolve to the Ingress's IP address for the
   * certificate to be provisioned.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
   */
  readonly domains: readonly string[];
}

/**
 * A GKE ManagedCertificate (networking.gke.io/v1): a Google-managed TLS certificate for the
 * load balancer of an Ingress in the same namespace. Attach it to the Ingress with
 * `ingressAnnotations()`.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
 */
export class ManagedCertificate extends Construct {
  /**
   * The `networking.gke.io/managed-certificates` Ingress annotation for the given
   * ManagedCertificates (objects or names), e.g. `{ 'networking.gke.io/managed-certificates': 'a,b' }`.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs#creating_an_ingress_with_a_google-managed_certificate
   */
  public static ingressAnnotations(
    certificates: ReadonlyArray<ManagedCertificate | string>,
  ): Record<string, string> {
    if (certificates.length === 0) {
      fail(
        'ManagedCertificate.ingressAnnotations',
        'certificates',
        'is empty',
        'give at least one ManagedCertificate, or leave the annotation out',
      );
    }
    const names = certificates.map((c) => (typeof c === 'string' ? c : c.name));
    return { [MANAGED_CERTIFICATES_ANNOTATION]: names.join(',') };
  }

  /** The generated ManagedCertificate object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name, as the Ingress annotation references it. */
  public readonly name: string;
  /** The domains the certificate covers. */
  public readonly domains: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedCertificateProps) {
    super(scope, freeId(scope, id, 'ManagedCertificate'));
    const where = `ManagedCertificate '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    this.domains = checkDomains(where, props.domains);

    this.apiObject = new imported.ManagedCertificate(this, 'Resource', {
      metadata,
      spec: { domains: [...this.domains] },
    });
    this.name = this.apiObject.name;
  }

  /** The Ingress annotation that attaches this certificate (alone). */
  public ingressAnnotations(): Record<string, string> {
    return ManagedCertificate.ingressAnnotations([this]);
  }
}

function checkDomains(where: string, domains: readonly string[] | undefined): readonly string[] {
  if (!Array.isArray(domains) || domains.length === 0 || domains.length > MAX_DOMAINS) {
    fail(
      where,
      'domains',
      `has ${domains?.length ?? 0} entries`,
      `give 1 to ${MAX_DOMAINS} domain names (split them over several ManagedCertificates)`,
    );
  }
  const seen = new Set<string>();
  for (const domain of domains) {
    if (typeof domain === 'string' && domain.includes('*')) {
      fail(
        where,
        'domains',
        `has the wildcard ${JSON.stringify(domain)}, which a ManagedCertificate does not support`,
        'list each host name, or use a Certificate Manager certificate with DNS authorization for wildcards',
      );
    }
    checkHostName(where, 'domains', domain);
    if (domain.length > MAX_DOMAIN_LENGTH) {
      fail(
        where,
        'domains',
        `has ${JSON.stringify(domain)}, which is ${domain.length} characters long`,
        `use names of at most ${MAX_DOMAIN_LENGTH} characters, the ManagedCertificate limit`,
      );
    }
    if (!CRD_DOMAIN.test(domain)) {
      fail(
        where,
        'domains',
        `has ${JSON.stringify(domain)}, whose top-level domain does not start with a letter`,
        "give a public DNS name such as 'shop.example.com'",
      );
    }
    if (seen.has(domain)) {
      fail(where, 'domains', `has ${JSON.stringify(domain)} twice`, 'list each domain once');
    }
    seen.add(domain);
  }
  return domains;
}
