import { fail } from '../../core/errors';

/** What a load balancer's health check needs to know of the service it checks. */
export interface HealthCheckedService {
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The readiness probe over HTTP, if the serving container has one. */
  readonly httpHealthCheck?: { readonly path: string; readonly port: number };
  /** The container ports the pod declares. */
  readonly declaredPorts: readonly number[];
  /** The Service's type. */
  readonly serviceType: string;
}

/**
 * The health check a Google load balancer needs for `service`, checked: the readiness
 * probe's HTTP path and port, on a port the pod declares, of a ClusterIP Service. Both front
 * doors (Ingress and Gateway) make a service a backend on these conditions only.
 * @param where the entrypoint asking, for errors
 * @param path the path it routes here, for errors
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_health_check
 */
export function loadBalancerHealthCheck(
  service: HealthCheckedService,
  where: string,
  path: string,
): { readonly path: string; readonly port: number } {
  const health = service.httpHealthCheck;
  if (!health) {
    fail(
      service.where,
      'health',
      `gives no HTTP readiness probe, but ${where} routes '${path}' to it and the load balancer would check '/' instead`,
      'give \'health: { path: "/healthz" }\' (an HTTP path that answers 200)',
    );
  }
  if (!service.declaredPorts.includes(health.port)) {
    fail(
      service.where,
      'health.port',
      `is ${health.port}, which no container of the pod declares, so the load balancer's health check would find nothing listening`,
      `probe a declared port (${service.declaredPorts.join(', ')}), or declare ${health.port} as a container 'port'`,
    );
  }
  if (service.serviceType === 'LoadBalancer') {
    fail(
      where,
      'route',
      `sends '${path}' to ${service.where}, a LoadBalancer Service`,
      'route only to ClusterIP services',
    );
  }
  return health;
}
