import type { BackendHealthCheck } from '../../gke/backend-config';
import { GcpBackendPolicy } from '../../gke/gcp-backend-policy';
import { HealthCheckPolicy } from '../../gke/health-check-policy';
import { fail } from '../../core/errors';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { GatewayBackendOptions } from './gateway-backend-options';
import type { RoutedService } from './routed-service';

/*
 * The Gateway policies of a backend Service. A HealthCheckPolicy or GCPBackendPolicy targets
 * the Service itself, so GKE applies it to the Service's backend on every Gateway that routes
 * to it (external and internal alike); with two policies of one kind, only the oldest applies.
 * Every gateway entrypoint that routes to a Service therefore shares one policy of each kind,
 * made by the first, and one that asks for other settings is an error.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 */

/** Who asked for a policy's settings: an entrypoint and, for a route, its path. */
export interface PolicyRequester {
  /** `WebEntrypoint '<path>'`, for errors. */
  readonly where: string;
  /** The route's path; undefined for `configureBackend`. */
  readonly path?: string;
}

interface Made<T, P> {
  readonly settings: T;
  readonly by: PolicyRequester;
  readonly policy: P;
}

interface ServicePolicies {
  health?: Made<BackendHealthCheck, HealthCheckPolicy>;
  backend?: Made<GatewayBackendOptions, GcpBackendPolicy>;
}

const made = new WeakMap<RoutedService, ServicePolicies>();

function policiesOf(service: RoutedService): ServicePolicies {
  let policies = made.get(service);
  if (policies === undefined) {
    policies = {};
    made.set(service, policies);
  }
  return policies;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** ` of <entrypoint>` when `by` is another entrypoint than `asker`, for errors. */
function of(by: PolicyRequester, asker: PolicyRequester): string {
  return by.where === asker.where ? '' : ` of ${by.where}`;
}

/**
 * The HealthCheckPolicy of `service` with `check`: made on the first call, the same object on
 * every later one that asks for the same check, an error for any other check.
 */
export function serviceHealthCheckPolicy(
  chart: EnvironmentChart,
  service: RoutedService,
  check: BackendHealthCheck,
  by: PolicyRequester,
): HealthCheckPolicy {
  const policies = policiesOf(service);
  const first = policies.health;
  if (first !== undefined) {
    if (!same(first.settings, check))
      fail(
        by.where,
        'route',
        `checks ${service.where} for '${by.path}' with other health-check timing than for '${first.by.path}'${of(first.by, by)}, but GKE applies one HealthCheckPolicy per Service, on every Gateway that routes to it`,
        'give every route to one service the same healthCheck options',
      );
    return first.policy;
  }
  const policy = new HealthCheckPolicy(service, 'health-check-policy', {
    metadata: backendMetadata(service),
    service: service.name,
    healthCheck: check,
  });
  chart.claimName('HealthCheckPolicy', policy.name, service);
  policies.health = { settings: check, by, policy };
  return policy;
}

/**
 * The GCPBackendPolicy of `service` with `options`: made on the first call, the same object
 * on every later one that asks for the same settings, an error for other settings.
 * @param prop the prop the settings came from (`route`, `backend`), for errors
 */
export function serviceBackendPolicy(
  chart: EnvironmentChart,
  service: RoutedService,
  options: GatewayBackendOptions,
  by: PolicyRequester,
  prop: string,
): GcpBackendPolicy {
  const policies = policiesOf(service);
  const first = policies.backend;
  if (first !== undefined) {
    if (!same(first.settings, options))
      fail(
        by.where,
        prop,
        `gives ${service.where} other backend settings than ${first.by.path === undefined ? 'an earlier configureBackend' : `the route '${first.by.path}'`}${of(first.by, by)}, but GKE applies one GCPBackendPolicy per Service, on every Gateway that routes to it`,
        'give one Service the same settings on every route and entrypoint',
      );
    return first.policy;
  }
  const policy = new GcpBackendPolicy(service, 'backend-policy', {
    metadata: backendMetadata(service),
    service: service.name,
    timeoutSec: options.timeoutSec,
    drainingTimeoutSec: options.drainingTimeoutSec,
    securityPolicy: options.securityPolicy,
    logging: options.logging,
    logSampleRate: options.logSampleRate,
    iap: options.iap,
    maxRatePerEndpoint: options.maxRatePerEndpoint,
  });
  chart.claimName('GCPBackendPolicy', policy.name, service);
  policies.backend = { settings: options, by, policy };
  return policy;
}

/** A backend policy's metadata: the Service's name, namespace and labels. */
function backendMetadata(service: RoutedService) {
  return {
    name: service.name,
    namespace: service.chart.namespaceName,
    labels: { ...service.labels },
  };
}
