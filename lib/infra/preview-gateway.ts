import * as certificatemanager from '@pulumi/gcp/certificatemanager';
import * as compute from '@pulumi/gcp/compute';
import * as projects from '@pulumi/gcp/projects';
import * as pulumi from '@pulumi/pulumi';
import { fail } from '../core/errors';
import type { Platform } from '../platform/platform';
import type { Previews } from '../platform/previews';
import type { GkePlatformPlan } from './plan';

/** The API that DNS authorizations, certificates and certificate maps call. */
export const CERTIFICATE_MANAGER_API = 'certificatemanager.googleapis.com';

/** A DNS record to create in the zone of the previews' domain. */
export interface PreviewDnsRecord {
  /** The record's name, fully qualified with a final dot (`*.preview.example.com.`). */
  readonly name: string;
  /** `CNAME` or `A`. */
  readonly type: string;
  /** The record's data: the CNAME's target, or the address. */
  readonly data: string;
}

/** What the base environment's stack creates for the Gateway that its previews share. */
export interface PreviewGatewayResult {
  /** The platform's preview declaration. */
  readonly previews: Previews;
  /** The global address the shared Gateway takes (`NamedAddress`). */
  readonly address: compute.GlobalAddress;
  /** The Certificate Manager API of the project, enabled. */
  readonly certificateManagerApi: projects.Service;
  /** The DNS authorization of the previews' domain, by a CNAME record in its zone. */
  readonly dnsAuthorization: certificatemanager.DnsAuthorization;
  /** The Google-managed certificate for `*.<domain>`. */
  readonly certificate: certificatemanager.Certificate;
  /** The certificate map the shared Gateway serves (`networking.gke.io/certmap`). */
  readonly certificateMap: certificatemanager.CertificateMap;
  /** The map's entry that serves the certificate for `*.<domain>`. */
  readonly certificateMapEntry: certificatemanager.CertificateMapEntry;
  /**
   * The records to create in the domain's DNS zone: the DNS authorization's CNAME, then the
   * A record of `*.<domain>` to the address.
   */
  readonly dnsRecords: pulumi.Output<PreviewDnsRecord[]>;
}

/**
 * The platform's previews when this stack's environment is their base environment (only that
 * stack creates the shared Gateway's resources; no stack creates anything per preview);
 * checked before anything is registered: the address's name must be free among the
 * environment's static IPs.
 */
export function planPreviewGateway(
  plan: GkePlatformPlan,
  platform: Platform,
): Previews | undefined {
  const previews = platform.previews;
  if (previews === undefined || previews.from !== plan.environment) return undefined;
  const clash = plan.staticIps.find((ip) => ip.name === previews.addressName);
  if (clash !== undefined)
    fail(
      plan.where,
      'platform',
      `declares the static IP '${clash.key}' with the name '${clash.name}', which the previews' shared address takes`,
      `give the static IP another 'name'`,
    );
  return previews;
}

/**
 * The Google Cloud side of the Gateway that every preview shares: a global address, and a
 * Google-managed wildcard certificate `*.<domain>` in a certificate map. The certificate is
 * Certificate Manager's, authorized by DNS: GKE's ManagedCertificate and load balancer
 * authorization do not issue wildcard certificates, and a DNS authorization of a domain
 * covers its wildcard. Certificate Manager issues the certificate once the authorization's
 * CNAME is in the domain's zone, before any traffic reaches the load balancer.
 * @see https://cloud.google.com/certificate-manager/docs/dns-authorizations
 * @see https://cloud.google.com/certificate-manager/docs/domain-authorization
 * @see https://cloud.google.com/certificate-manager/docs/maps
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-certificate-manager
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
 */
export function createPreviewGateway(
  plan: GkePlatformPlan,
  previews: Previews | undefined,
  opts: pulumi.CustomResourceOptions,
): PreviewGatewayResult | undefined {
  if (previews === undefined) return undefined;
  const { project, labels } = plan;
  const name = previews.certificateMapName;
  const wildcard = `*.${previews.domain}`;
  const description = `Shared Gateway of the previews of platform ${plan.platform} (${plan.environment}), ${wildcard}`;
  const address = new compute.GlobalAddress(
    previews.addressName,
    {
      name: previews.addressName,
      project,
      addressType: 'EXTERNAL',
      ipVersion: 'IPV4',
      description,
    },
    opts,
  );
  // Enabled once, and left enabled on destroy: other stacks and tools of the project may use it.
  const certificateManagerApi = new projects.Service(
    `${plan.clusterName}-certificatemanager-api`,
    { project, service: CERTIFICATE_MANAGER_API, disableOnDestroy: false },
    opts,
  );
  const api = { ...opts, dependsOn: [certificateManagerApi] };
  const dnsAuthorization = new certificatemanager.DnsAuthorization(
    `${name}-dns-authorization`,
    { name, project, domain: previews.domain, description, labels: { ...labels } },
    api,
  );
  const certificate = new certificatemanager.Certificate(
    `${name}-certificate`,
    {
      name,
      project,
      description,
      labels: { ...labels },
      managed: { domains: [wildcard], dnsAuthorizations: [dnsAuthorization.id] },
    },
    api,
  );
  const certificateMap = new certificatemanager.CertificateMap(
    `${name}-map`,
    { name, project, description, labels: { ...labels } },
    api,
  );
  const certificateMapEntry = new certificatemanager.CertificateMapEntry(
    `${name}-map-entry`,
    {
      // An entry's name is unique in its map.
      name: 'wildcard',
      project,
      map: certificateMap.name,
      hostname: wildcard,
      certificates: [certificate.id],
      description,
      labels: { ...labels },
    },
    api,
  );
  const dnsRecords = pulumi
    .all([dnsAuthorization.dnsResourceRecords, address.address])
    .apply(([records, ip]) => [
      // Known once the authorization exists; a preview of a stack that creates it has none yet.
      ...(records ?? []).map((r) => ({ name: r.name, type: r.type, data: r.data })),
      { name: `${wildcard}.`, type: 'A', data: ip },
    ]);
  return {
    previews,
    address,
    certificateManagerApi,
    dnsAuthorization,
    certificate,
    certificateMap,
    certificateMapEntry,
    dnsRecords,
  };
}
