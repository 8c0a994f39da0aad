import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, record, text, type Json } from './edge-fields';
import type { EnvironmentIndex } from './environment-index';
import { gkeLoadBalancerOf, type GkeLoadBalancer } from './gke-annotations';

/*
 * Every Service backend of every Ingress of an environment, with the Service port it names
 * resolved, listed once per validation for the rules that follow a backend to its
 * Service and from there to a BackendConfig.
 */

/** One Service backend of one Ingress. */
export interface IngressBackend {
  readonly ingress: KubernetesObject;
  /** The load balancer GKE makes for the Ingress; undefined when GKE ignores it. */
  readonly lb: GkeLoadBalancer | undefined;
  /** Field path of the backend, e.g. `spec.rules[0].http.paths[1].backend`. */
  readonly at: string;
  readonly serviceName: string;
  /** The port as the Ingress names it: a name or a number. */
  readonly port: string | number | undefined;
  /** The Service, when the environment has it. */
  readonly service?: KubernetesObject;
  /** The Service port the backend names, when the Service has it. */
  readonly servicePort?: Json;
}

function backendOf(
  index: EnvironmentIndex,
  ingress: KubernetesObject,
  lb: GkeLoadBalancer | undefined,
  backend: unknown,
  at: string,
): IngressBackend | undefined {
  const service = record(record(backend)?.service);
  if (!service) return undefined;
  const serviceName = text(service.name) ?? '';
  const port = record(service.port) ?? {};
  const portRef = text(port.name) || (typeof port.number === 'number' ? port.number : undefined);
  const object = index.find('Service', serviceName);
  const servicePort = list(record(object?.spec)?.ports)
    .map((p) => record(p) ?? {})
    .find((p) => (typeof portRef === 'number' ? p.port === portRef : p.name === portRef));
  return { ingress, lb, at, serviceName, port: portRef, service: object, servicePort };
}

function collect(index: EnvironmentIndex): IngressBackend[] {
  const backends: IngressBackend[] = [];
  for (const ingress of index.all('Ingress')) {
    const lb = gkeLoadBalancerOf(ingress);
    const spec = record(ingress.spec) ?? {};
    const add = (backend: unknown, at: string) => {
      const found = backendOf(index, ingress, lb, backend, at);
      if (found) backends.push(found);
    };
    if (spec.defaultBackend !== undefined) add(spec.defaultBackend, 'spec.defaultBackend');
    list(spec.rules).forEach((rule, i) =>
      list(record(record(rule)?.http)?.paths).forEach((path, j) =>
        add(record(path)?.backend, `spec.rules[${i}].http.paths[${j}].backend`),
      ),
    );
  }
  return backends;
}

/** Every Service backend of the environment's Ingresses, in object order. */
export function ingressBackends(index: EnvironmentIndex): readonly IngressBackend[] {
  return index.memo('ingress-backends', index, () => collect(index));
}
