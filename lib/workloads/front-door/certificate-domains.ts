import type { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import type { Certificate } from '../../platform/certificate';

/*
 * Google provisions a Google-managed Compute Engine certificate only once every one of its
 * domains resolves to a load balancer that serves it; a domain that no such load balancer
 * routes leaves the certificate unprovisioned. Several entrypoints may serve one certificate,
 * so a domain is checked against the hosts of all of them.
 * @see https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs
 */

interface Server {
  readonly where: string;
  readonly hosts: readonly string[];
}

/** Per environment (its chart), the entrypoints that serve each declared certificate. */
const servers = new WeakMap<IConstruct, Map<string, Server[]>>();

/** Whether the entrypoint host `host` (perhaps `*.example.com`) receives `domain`. */
function covers(host: string, domain: string): boolean {
  if (!host.startsWith('*.')) return host === domain;
  const rest = domain.slice(domain.indexOf('.') + 1);
  return domain.includes('.') && `*.${rest}` === host;
}

/**
 * Records that the entrypoint `where`, with `hosts` (none: any host), serves `certificate`;
 * the first entrypoint to serve a Google-managed one checks, at synth, that every domain
 * of it is a host of an entrypoint that serves it.
 */
export function serveCertificate(
  chart: IConstruct,
  entrypoint: IConstruct,
  where: string,
  hosts: readonly string[],
  certificate: Certificate,
): void {
  if (certificate.type !== 'google-managed') return;
  let byKey = servers.get(chart);
  if (byKey === undefined) {
    byKey = new Map();
    servers.set(chart, byKey);
  }
  const served = byKey.get(certificate.key);
  if (served !== undefined) {
    served.push({ where, hosts });
    return;
  }
  const all: Server[] = [{ where, hosts }];
  byKey.set(certificate.key, all);
  entrypoint.node.addValidation({
    validate: () => {
      const missing = certificate.domains.find(
        (domain) =>
          !all.some((s) => s.hosts.length === 0 || s.hosts.some((h) => covers(h, domain))),
      );
      if (missing !== undefined)
        fail(
          where,
          'certificates',
          `has '${certificate.key}', a Google-managed certificate for '${missing}', which is not a host of ${all.length === 1 ? 'this entrypoint' : 'any entrypoint that serves it'}, so Google cannot provision the certificate`,
          `add '${missing}' to 'hosts', or declare the certificate without it`,
        );
      return [];
    },
  });
}
