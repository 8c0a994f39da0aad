import * as compute from '@pulumi/gcp/compute';
import type * as pulumi from '@pulumi/pulumi';
import type { StaticIp } from '../platform/static-ip';
import type { GkePlatformPlan } from './plan';

/** A reserved address and the platform's declaration of it. */
export interface AddressResult {
  /** The static IP as the platform declares it. */
  readonly ip: StaticIp;
  /** The reserved Compute Engine address: global, or regional (internal or external). */
  readonly address: compute.GlobalAddress | compute.Address;
}

/**
 * One reserved IP per static IP the environment declares, named exactly as the workloads'
 * manifests reference it: a global external address for an Ingress
 * (`kubernetes.io/ingress.global-static-ip-name`), a regional address for a LoadBalancer
 * Service or an internal Ingress (internal ones in the cluster's subnetwork).
 * @see https://cloud.google.com/kubernetes-engine/docs/tutorials/configuring-domain-name-static-ip
 */
export function createAddresses(
  plan: GkePlatformPlan,
  subnetwork: compute.Subnetwork,
  opts: pulumi.CustomResourceOptions,
): AddressResult[] {
  return plan.staticIps.map((ip) => {
    const description = `Static IP '${ip.key}' of platform ${plan.platform} (${plan.environment})`;
    const address =
      ip.scope === 'global'
        ? new compute.GlobalAddress(
            ip.name,
            {
              name: ip.name,
              project: plan.project,
              addressType: 'EXTERNAL',
              ipVersion: 'IPV4',
              description,
            },
            opts,
          )
        : new compute.Address(
            ip.name,
            {
              name: ip.name,
              project: plan.project,
              region: plan.region,
              addressType: ip.internal ? 'INTERNAL' : 'EXTERNAL',
              subnetwork: ip.internal ? subnetwork.id : undefined,
              description,
            },
            opts,
          );
    return { ip, address };
  });
}
