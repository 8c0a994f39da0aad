import { annotationField, annotationsOf, list, nameOf, quote, record, text } from './edge-fields';
import type { ReferenceCheck } from './environment-index';
import {
  FRONTEND_CONFIG,
  GLOBAL_STATIC_IP,
  MANAGED_CERTIFICATES,
  NEG,
  gkeLoadBalancerOf,
  nameList,
} from './gke-annotations';
import { ingressBackends } from './ingress-backends';
import { serviceNeg } from './service-lookups';

/*
 * What an Ingress names: Services and their ports, a FrontendConfig, ManagedCertificates, a
 * global static IP. A name that resolves to nothing applies cleanly and then serves errors
 * (ingress-gce reports "could not find service", and the path answers 404 or 502).
 */

/** The ports of a Service for a fix text: `80 ("http")`. */
function portsOf(service: unknown): string {
  const ports = list(record(record(service)?.spec)?.ports).map((p) => {
    const port = record(p) ?? {};
    return port.name ? `${String(port.port)} (${quote(port.name)})` : String(port.port);
  });
  return ports.length > 0 ? ports.join(', ') : 'none';
}

/**
 * Every Ingress backend names a Service of the environment and one of its ports (by number:
 * the Service port, not the container port; by name: the Service port's name). Behind GKE,
 * the Service is NodePort (or LoadBalancer) or has container-native load balancing: ingress-gce
 * `translator.maybeEnableNEG` refuses a ClusterIP Service without the NEG annotation.
 */
export const checkIngressBackends: ReferenceCheck = (index, reportOf) => {
  const negChecked = new Set<string>();
  for (const backend of ingressBackends(index)) {
    const report = reportOf(backend.ingress);
    if (!backend.service) {
      report.add(
        `${backend.at}.service.name`,
        `is ${quote(backend.serviceName)}, which is not a Service of the environment`,
        'route to a Service the environment defines',
        'references: Ingress backend → Service',
      );
      continue;
    }
    // A backend without a port is the API server's to refuse (validateIngressBackend).
    if (!backend.servicePort && backend.port !== undefined) {
      const byNumber = typeof backend.port === 'number';
      report.add(
        `${backend.at}.service.port.${byNumber ? 'number' : 'name'}`,
        `is ${quote(backend.port)}, but Service ${quote(backend.serviceName)} has no port ${byNumber ? 'numbered' : 'named'} so`,
        `use one of the Service's ports: ${portsOf(backend.service)}${byNumber ? " (the Service's port, not the container's)" : ''}`,
        'references: Ingress backend → Service port',
      );
    }
    if (backend.lb === undefined) continue;
    const key = `${nameOf(backend.ingress)}/${backend.serviceName}`;
    if (negChecked.has(key)) continue;
    negChecked.add(key);
    const neg = serviceNeg(index, backend.service);
    const type = record(backend.service.spec)?.type ?? 'ClusterIP';
    if (neg === undefined) {
      reportOf(backend.service).add(
        annotationField(NEG),
        `is ${quote(annotationsOf(backend.service)[NEG])}, which is not valid JSON`,
        `write '{"ingress": true}'`,
        'ingress-gce negannotation.NEGAnnotation',
      );
    } else if (!neg && type !== 'NodePort' && type !== 'LoadBalancer') {
      report.add(
        `${backend.at}.service.name`,
        `is ${quote(backend.serviceName)}, a ${String(type)} Service without container-native load balancing, which ingress-gce refuses as a backend`,
        `annotate the Service with ${NEG}: '{"ingress": true}' (or make it a NodePort Service)`,
        'ingress-gce translator.maybeEnableNEG',
      );
    }
  }
};

/**
 * The FrontendConfig and ManagedCertificates an Ingress's annotations name exist in the
 * environment (the ManagedCertificate in the Ingress's namespace): the managed-certificate
 * controller refuses the whole list when one is missing (gke-managed-certs
 * `getCertificatesToAttach`), and ingress-gce leaves the frontend without its settings
 * (`frontendconfig.FrontendConfigForIngress`). Two `gce` Ingresses cannot share one global
 * static IP: the second forwarding rule is refused (ingress-gce forwarding_rules.go).
 */
export const checkIngressAnnotationRefs: ReferenceCheck = (index, reportOf) => {
  const globalIps = new Map<string, string>();
  for (const ingress of index.all('Ingress')) {
    const lb = gkeLoadBalancerOf(ingress);
    if (lb === undefined) continue;
    const annotations = annotationsOf(ingress);
    const report = reportOf(ingress);
    const frontend = text(annotations[FRONTEND_CONFIG]);
    if (frontend && !index.find('FrontendConfig', frontend))
      report.add(
        annotationField(FRONTEND_CONFIG),
        `is ${quote(frontend)}, which is not a FrontendConfig of the environment`,
        'name a FrontendConfig in the Ingress namespace, or leave the annotation out',
        'references: ingress-gce frontendconfig.FrontendConfigForIngress',
      );
    for (const name of nameList(text(annotations[MANAGED_CERTIFICATES]) ?? ''))
      if (!index.find('ManagedCertificate', name))
        report.add(
          annotationField(MANAGED_CERTIFICATES),
          `names ${quote(name)}, which is not a ManagedCertificate of the environment: no certificate of the list is attached`,
          'create the ManagedCertificate in the Ingress namespace, or take its name out of the list',
          'references: gke-managed-certs sync.getCertificatesToAttach',
        );
    const ip = text(annotations[GLOBAL_STATIC_IP]);
    if (lb !== 'external' || !ip) continue;
    const first = globalIps.get(ip);
    if (first === undefined) globalIps.set(ip, nameOf(ingress));
    else
      report.add(
        annotationField(GLOBAL_STATIC_IP),
        `is ${quote(ip)}, which Ingress ${quote(first)} also uses: one address takes one load balancer, so the second is refused`,
        'reserve an address per Ingress, or route both through one Ingress',
        'ingress-gce loadbalancers.getEffectiveIP',
      );
  }
};
