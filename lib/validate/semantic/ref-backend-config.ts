import { annotationField, annotationsOf, list, nameOf, quote, record } from './edge-fields';
import type { EnvironmentIndex, ReferenceCheck } from './environment-index';
import { backendConfigFor } from './gke-annotations';
import { ingressBackends } from './ingress-backends';
import { declaredPorts, declares, describeWorkload } from './ref-services';
import { serviceBackendConfigs, serviceNeg, serviceTemplates } from './service-lookups';

/*
 * A Service's `cloud.google.com/backend-config` annotation and the BackendConfigs it names:
 * they exist, the port keys are the Service's ports, the health check port is one the pods
 * declare, and an internal load balancer gets no feature it does not have.
 */

/**
 * Features a BackendConfig may set that internal Application Load Balancers made by GKE
 * Ingress do not have (the feature comparison of GKE Ingress lists them for external
 * Ingress only).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration
 */
const EXTERNAL_ONLY: readonly (readonly [
  string,
  string,
  (spec: Record<string, unknown>) => boolean,
])[] = [
  ['spec.cdn.enabled', 'Cloud CDN', (s) => record(s.cdn)?.enabled === true],
  ['spec.securityPolicy', 'Cloud Armor security policies', (s) => !!record(s.securityPolicy)?.name],
  [
    'spec.customRequestHeaders',
    'user-defined request headers',
    (s) => list(record(s.customRequestHeaders)?.headers).length > 0,
  ],
  [
    'spec.customResponseHeaders',
    'custom response headers',
    (s) => list(record(s.customResponseHeaders)?.headers).length > 0,
  ],
];

/**
 * The annotation parses as ingress-gce reads it (`annotations.Service.GetBackendConfigs`),
 * names BackendConfigs of the environment, and keys ports the Service has
 * (`backendconfig.BackendConfigName` matches port names and numbers only).
 */
export const checkBackendConfigRefs: ReferenceCheck = (index, reportOf) => {
  for (const service of index.all('Service')) {
    const refs = serviceBackendConfigs(index, service);
    if (!refs) continue;
    const report = reportOf(service);
    const field = annotationField(refs.key);
    const value = annotationsOf(service)[refs.key];
    if (refs.error === 'invalid JSON') {
      report.add(
        field,
        `is ${quote(value)}, which is not valid JSON of the form {"default": NAME} or {"ports": {PORT: NAME}}`,
        `write e.g. '{"default":"${nameOf(service)}"}'`,
        'ingress-gce annotations.Service.GetBackendConfigs',
      );
      continue;
    }
    if (refs.error) {
      report.add(
        field,
        `is ${quote(value)}, which names no BackendConfig`,
        'give "default" or at least one entry in "ports"',
        'ingress-gce annotations.Service.GetBackendConfigs',
      );
      continue;
    }
    const names = [
      ...(refs.default === undefined ? [] : [refs.default]),
      ...Object.values(refs.ports),
    ];
    for (const name of new Set(names))
      if (!index.find('BackendConfig', name))
        report.add(
          field,
          `names BackendConfig ${quote(name)}, which is not in the environment: ingress-gce reports "no BackendConfig for service port exists" and the backend keeps GKE's defaults`,
          'create the BackendConfig in the Service namespace, or name one that exists',
          'references: ingress-gce backendconfig.GetBackendConfigForServicePort',
        );
    const ports = list(record(service.spec)?.ports).map((p) => record(p) ?? {});
    for (const key of Object.keys(refs.ports))
      if (!ports.some((p) => p.name === key || String(p.port) === key))
        report.add(
          field,
          `keys port ${quote(key)}, which is neither the name nor the number of a port of the Service`,
          `key the BackendConfig by one of the Service's ports: ${ports.map((p) => String(p.name ?? p.port)).join(', ')}`,
          'ingress-gce backendconfig.BackendConfigName',
        );
  }
};

/**
 * The Services behind an internal or regional GKE Ingress: their backends always use NEGs
 * (ingress-gce neg/controller.go: "ILB always has neg enabled, regardless of neg annotation").
 */
function servicesBehindRegionalIngress(index: EnvironmentIndex): Set<string> {
  const names = new Set<string>();
  for (const backend of ingressBackends(index))
    if (backend.lb === 'internal' || backend.lb === 'regional-external')
      names.add(backend.serviceName);
  return names;
}

/**
 * The health check port of a BackendConfig is a port the selected pods declare, where the
 * load balancer checks pods directly (container-native load balancing: the Service's NEG
 * annotation, or an internal or regional Ingress, which always uses NEGs). A port no
 * container listens on keeps every backend UNHEALTHY.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
 */
export const checkHealthCheckPorts: ReferenceCheck = (index, reportOf) => {
  const regional = servicesBehindRegionalIngress(index);
  const reported = new Set<string>();
  for (const service of index.all('Service')) {
    const refs = serviceBackendConfigs(index, service);
    if (!refs || refs.error) continue;
    if (serviceNeg(index, service) !== true && !regional.has(nameOf(service))) continue;
    const templates = serviceTemplates(index, service);
    for (const value of list(record(service.spec)?.ports)) {
      const name = backendConfigFor(refs, record(value) ?? {});
      const config = name === undefined ? undefined : index.find('BackendConfig', name);
      const port = record(record(config?.spec)?.healthCheck)?.port;
      // An out-of-range port is the BackendConfig rule's to report (gke-backend-config.ts).
      if (!config || typeof port !== 'number' || port < 1 || port > 65535) continue;
      const lacking = templates.find((t) => !declares(t, port));
      const key = `${name}/${lacking ? nameOf(lacking.object) : ''}`;
      if (!lacking || reported.has(key)) continue;
      reported.add(key);
      reportOf(config).add(
        'spec.healthCheck.port',
        `is ${port}, but no container of ${describeWorkload(lacking)} (behind Service ${quote(nameOf(service))}) declares that port: the load balancer checks the pods on it, and every backend stays UNHEALTHY`,
        `use the port of the serving container's readiness probe (declared: ${declaredPorts(lacking)})`,
        'references: GKE BackendConfig healthCheck.port (container-native load balancing)',
      );
    }
  }
};

/**
 * A BackendConfig attached to a backend of a `gce-internal` Ingress asks for nothing that
 * internal Application Load Balancers lack (Cloud CDN, Cloud Armor, custom headers).
 */
export const checkInternalBackendFeatures: ReferenceCheck = (index, reportOf) => {
  const reported = new Set<string>();
  for (const backend of ingressBackends(index)) {
    if (backend.lb !== 'internal' || !backend.service || !backend.servicePort) continue;
    const refs = serviceBackendConfigs(index, backend.service);
    const name = refs && !refs.error ? backendConfigFor(refs, backend.servicePort) : undefined;
    const config = name === undefined ? undefined : index.find('BackendConfig', name);
    const spec = record(config?.spec);
    if (!config || !spec) continue;
    for (const [field, feature, uses] of EXTERNAL_ONLY) {
      if (!uses(spec) || reported.has(`${name}/${field}`)) continue;
      reported.add(`${name}/${field}`);
      reportOf(config).add(
        field,
        `is set, but Service ${quote(backend.serviceName)} is a backend of the gce-internal Ingress ${quote(nameOf(backend.ingress))}, and internal load balancers have no ${feature}`,
        'leave the feature out of this BackendConfig, or serve the internal Ingress from a Service of its own',
        'GKE Ingress feature comparison (internal Ingress)',
      );
    }
  }
};
