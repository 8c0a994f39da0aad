import { fail } from '../../core/errors';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { GcpBackendPolicyProps } from '../../gke/gcp-backend-policy';
import type { ResolvedBackendOptions } from './route-options';
import { declaredSecurityPolicy } from '../../platform/lookups';

/**
 * Load balancer settings of one backend Service behind a Gateway, as a BackendConfig holds
 * them behind an Ingress. `cdn` is here so that a setting the gateway front door cannot
 * express yet is refused rather than dropped.
 */
export interface GatewayBackendOptions extends Omit<GcpBackendPolicyProps, 'metadata' | 'service'> {
  /** Cloud CDN: refused on the gateway front door (GCPBackendPolicy has no CDN setting). @default - none */
  readonly cdn?: boolean;
}

/**
 * The load balancer options of `route()` and `backend` that a GCPBackendPolicy holds, as the
 * gateway front door writes them: timeout, connection draining, access logging and its sample
 * rate, and a declared Cloud Armor policy by key (`healthCheck` goes into the service's
 * HealthCheckPolicy instead). The others are refused rather than dropped: headers are
 * HTTPRoute filters, IAP there needs the OAuth client ID, Cloud CDN has no Gateway setting, a
 * backend protocol is the Service port's `appProtocol`, and session affinity is not offered
 * here yet.
 * @param propOf the prop each option came from (`route.<option>` or `backend.<option>`)
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 */
export function gatewayBackendOptions(
  chart: EnvironmentChart,
  where: string,
  options: ResolvedBackendOptions,
  propOf: (option: keyof ResolvedBackendOptions) => string,
): GatewayBackendOptions {
  const unsupported = (
    ['sessionAffinity', 'requestHeaders', 'responseHeaders', 'cdn', 'iap'] as const
  ).find((name) => {
    const value = options[name];
    // `false` and session affinity 'none' ask for what the Gateway does anyway.
    if (value === undefined || value === false) return false;
    return !(name === 'sessionAffinity' && options.sessionAffinity?.type === 'none');
  });
  if (unsupported !== undefined)
    fail(
      where,
      propOf(unsupported),
      'is set, but the gateway front door does not write it',
      "use frontDoor 'ingress' for this entrypoint, or leave it out",
    );
  if (options.protocol !== undefined && options.protocol !== 'HTTP')
    fail(
      where,
      propOf('protocol'),
      `is ${options.protocol}, but the gateway front door sends HTTP to its backends`,
      "use frontDoor 'ingress' for this entrypoint, or leave it out",
    );
  return backendPolicyOptions(chart, where, options, propOf);
}

/**
 * What a GCPBackendPolicy holds of `options`, without refusing the rest: timeout, connection
 * draining, access logging and its sample rate, and a declared Cloud Armor policy by key.
 */
export function backendPolicyOptions(
  chart: EnvironmentChart,
  where: string,
  options: ResolvedBackendOptions,
  propOf: (option: keyof ResolvedBackendOptions) => string,
): GatewayBackendOptions {
  const log = options.accessLog;
  const policy = options.securityPolicy;
  return {
    timeoutSec: options.timeoutSeconds,
    drainingTimeoutSec: options.drainingSeconds,
    logging: log === undefined ? undefined : log !== false,
    logSampleRate: typeof log === 'object' ? log.sampleRate : undefined,
    securityPolicy:
      policy === undefined
        ? undefined
        : declaredSecurityPolicy(
            chart.platform,
            chart.environment.name,
            policy,
            where,
            propOf('securityPolicy'),
          ).name,
  };
}
