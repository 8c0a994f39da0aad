import { checkOneOf } from '../core/errors';
import { checkDnsLabel } from '../core/naming';

/**
 * A static IP address that the Pulumi stack reserves and workloads reference by key.
 * - `global`: an external global address, for a GKE Ingress (`gce` class).
 * - `regional`: a regional address, for a LoadBalancer Service or a `gce-internal` Ingress.
 */
export interface StaticIpSpec {
  /**
   * `global` for an external Ingress, `regional` for a LoadBalancer Service or an internal Ingress.
   */
  readonly scope: 'global' | 'regional';
  /** For regional addresses: an internal address in the cluster's subnetwork. @default false */
  readonly internal?: boolean;
  /**
   * The name of the address in GCP (unique in the project).
   * @default `<platform>-<environment>-<key>`
   */
  readonly name?: string;
}

/** A declared static IP with its GCP name worked out. */
export interface StaticIp {
  /** The key workloads use to refer to it. */
  readonly key: string;
  /** The name of the address in GCP, which the manifests' annotations reference. */
  readonly name: string;
  /**
   * `global` (an external Ingress) or `regional` (a LoadBalancer Service or an internal Ingress).
   */
  readonly scope: 'global' | 'regional';
  /** Whether it is an internal address in the cluster's subnetwork (regional addresses only). */
  readonly internal: boolean;
}

export function parseStaticIp(
  where: string,
  key: string,
  spec: StaticIpSpec,
  defaultName: string,
): StaticIp {
  const at = `${where} static IP '${key}'`;
  return {
    key,
    name: checkDnsLabel(at, 'name', spec.name ?? defaultName),
    scope: checkOneOf(at, 'scope', spec.scope, ['global', 'regional']),
    internal: spec.scope === 'regional' && (spec.internal ?? false),
  };
}
