import type { Obj } from './network-policy-eval';

/**
 * The static addresses a load balancer object holds, as the library writes them (and GKE reads
 * them): an Ingress's `kubernetes.io/ingress.global-static-ip-name` or
 * `kubernetes.io/ingress.regional-static-ip-name`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#static_ip_addresses_for_https_load_balancers),
 * a Service's `networking.gke.io/load-balancer-ip-addresses` or `spec.loadBalancerIP`
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/service-parameters#lb_ip),
 * a Gateway's `spec.addresses`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#gateway_ip_addressing).
 * Empty for other objects.
 */
export function staticAddresses(object: Obj | undefined): string[] {
  if (!object) return [];
  const annotations: Record<string, string> = object.metadata?.annotations ?? {};
  switch (object.kind) {
    case 'Ingress':
      return [
        annotations['kubernetes.io/ingress.global-static-ip-name'],
        annotations['kubernetes.io/ingress.regional-static-ip-name'],
      ].filter((a): a is string => typeof a === 'string' && a !== '');
    case 'Service':
      return [
        ...(annotations['networking.gke.io/load-balancer-ip-addresses'] ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== ''),
        ...(object.spec?.loadBalancerIP ? [String(object.spec.loadBalancerIP)] : []),
      ];
    case 'Gateway':
      return ((object.spec?.addresses ?? []) as Obj[]).map((a) => String(a.value));
    default:
      return [];
  }
}
