import { fail } from '../../core/errors';
import { type BackendRoute, routedBy, routedPath } from './backend-route';

/** The readiness probe of the serving container: what the health check defaults to. */
export interface ReadinessCheck {
  /** The HTTP path the probe requests. */
  readonly path: string;
  /** The container port the probe requests. */
  readonly port: number;
  /** How often the probe runs, in seconds. */
  readonly periodSeconds: number;
  /** How long one probe may take before it counts as failed, in seconds. */
  readonly timeoutSeconds: number;
  /** Successes in a row before the pod counts as ready again. */
  readonly successThreshold: number;
  /** Failures in a row before the pod counts as not ready. */
  readonly failureThreshold: number;
}

/** What a load balancer's health check needs to know of the service it checks. */
export interface HealthCheckedService {
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The readiness probe over HTTP, if the serving container has one. */
  readonly httpHealthCheck?: { readonly path: string; readonly port: number };
  /** The readiness probe's timing as the pod has it (Kubernetes' defaults where unset). */
  readonly readinessProbe?: {
    readonly periodSeconds?: number;
    readonly timeoutSeconds?: number;
    readonly successThreshold?: number;
    readonly failureThreshold?: number;
  };
  /** The container ports the pod declares. */
  readonly declaredPorts: readonly number[];
  /** The Service's type. */
  readonly serviceType: string;
}

/**
 * The health check a Google load balancer needs for `service`, checked: the readiness
 * probe's HTTP path and port, on a port the pod declares, of a ClusterIP Service. Both front
 * doors (Ingress and Gateway) make a service a backend on these conditions only.
 * @param route who routes to the service, and which path, for errors
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_health_check
 */
export function loadBalancerHealthCheck(
  service: HealthCheckedService,
  route: BackendRoute,
): { readonly path: string; readonly port: number } {
  const health = service.httpHealthCheck;
  if (!health) {
    fail(
      service.where,
      'health',
      `gives no HTTP readiness probe, but ${routedBy(route)} routes '${routedPath(route)}' to it and the load balancer would check '/' instead`,
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
      routedBy(route),
      'route',
      `sends '${routedPath(route)}' to ${service.where}, a LoadBalancer Service`,
      'route only to ClusterIP services',
    );
  }
  return health;
}

/**
 * The readiness probe as a load balancer's health check defaults take it: its HTTP path and
 * port (checked, see {@link loadBalancerHealthCheck}) and its timing, with Kubernetes'
 * defaults where the probe leaves it out (SetDefaults_Probe: period 10 s, timeout 1 s,
 * thresholds 1 and 3).
 * @param route who routes to the service, and which path, for errors
 */
export function readinessCheck(service: HealthCheckedService, route: BackendRoute): ReadinessCheck {
  const health = loadBalancerHealthCheck(service, route);
  const probe = service.readinessProbe ?? {};
  return {
    ...health,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}
