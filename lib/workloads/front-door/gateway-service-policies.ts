import type { Construct } from 'constructs';
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
 *
 * Behind a multi-cluster Gateway the policies target the ServiceImport instead (the Service's
 * own, or a per-cluster one) and live on the config cluster, beside the Gateway: they are
 * children of the front door there, since the service may not run on that cluster.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#restrictions_and_limitations
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

/**
 * Where a policy goes and what it targets. Without one: a child of the service, targeting
 * its Service.
 */
export interface PolicyPlacement {
  /** The construct the policy is a child of (on a multi-cluster Gateway's config cluster). */
  readonly scope: Construct;
  /** The ServiceImport the policy targets, by name. */
  readonly serviceImport: string;
}

/** The policies made for each service, by the name of what they target. */
const made = new WeakMap<RoutedService, Map<string, ServicePolicies>>();

function policiesOf(service: RoutedService, target: string): ServicePolicies {
  let byTarget = made.get(service);
  if (byTarget === undefined) {
    byTarget = new Map();
    made.set(service, byTarget);
  }
  let policies = byTarget.get(target);
  if (policies === undefined) {
    policies = {};
    byTarget.set(target, policies);
  }
  return policies;
}

/** The policy's construct scope and id, its name and what it targets. */
function placed(service: RoutedService, id: string, placement: PolicyPlacement | undefined) {
  if (placement === undefined)
    return { scope: service, id, name: service.name, targetKind: undefined };
  const name = placement.serviceImport;
  return {
    scope: placement.scope,
    id: `${name}-${id}`,
    name,
    targetKind: 'ServiceImport' as const,
  };
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
  placement?: PolicyPlacement,
): HealthCheckPolicy {
  const at = placed(service, 'health-check-policy', placement);
  const policies = policiesOf(service, at.name);
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
  const policy = new HealthCheckPolicy(at.scope, at.id, {
    metadata: backendMetadata(service, at.name),
    service: at.name,
    targetKind: at.targetKind,
    healthCheck: check,
  });
  chart.claimName('HealthCheckPolicy', policy.name, at.scope);
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
  placement?: PolicyPlacement,
): GcpBackendPolicy {
  const at = placed(service, 'backend-policy', placement);
  const policies = policiesOf(service, at.name);
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
  const policy = new GcpBackendPolicy(at.scope, at.id, {
    metadata: backendMetadata(service, at.name),
    service: at.name,
    targetKind: at.targetKind,
    timeoutSec: options.timeoutSec,
    drainingTimeoutSec: options.drainingTimeoutSec,
    securityPolicy: options.securityPolicy,
    logging: options.logging,
    logSampleRate: options.logSampleRate,
    iap: options.iap,
    maxRatePerEndpoint: options.maxRatePerEndpoint,
  });
  chart.claimName('GCPBackendPolicy', policy.name, at.scope);
  policies.backend = { settings: options, by, policy };
  return policy;
}

/** A backend policy's metadata: its target's name, the Service's namespace and labels. */
function backendMetadata(service: RoutedService, name: string) {
  return {
    name,
    namespace: service.chart.namespaceName,
    labels: { ...service.labels },
  };
}
