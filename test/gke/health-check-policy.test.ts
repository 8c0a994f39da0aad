import { Testing } from 'cdk8s';
import { HealthCheckPolicy } from '#lib/gke/health-check-policy';
import type { BackendHealthCheck } from '#lib/gke/backend-config';

/*
 * The HealthCheckPolicy wrapper: a BackendConfig's health-check checks, then the CRD's own
 * x-kubernetes-validations on spec.default (GoogleCloudPlatform/gke-gateway-api
 * healthcheckpolicies CRD: each of interval and timeout against the other's default of 5 s).
 */
function policy(healthCheck: BackendHealthCheck) {
  const chart = Testing.chart();
  new HealthCheckPolicy(chart, 'hc', {
    metadata: { name: 'web', namespace: 'acme-prod' },
    service: 'web',
    healthCheck,
  });
  return Testing.synth(chart)[0];
}

describe('HealthCheckPolicy', () => {
  test('writes the check under config by type, with the timing beside it', () => {
    expect(
      policy({
        requestPath: '/ready',
        port: 8080,
        type: 'HTTP2',
        checkIntervalSec: 10,
        timeoutSec: 3,
        healthyThreshold: 2,
        unhealthyThreshold: 4,
      }).spec,
    ).toEqual({
      default: {
        checkIntervalSec: 10,
        timeoutSec: 3,
        healthyThreshold: 2,
        unhealthyThreshold: 4,
        config: {
          type: 'HTTP2',
          http2HealthCheck: {
            requestPath: '/ready',
            portSpecification: 'USE_FIXED_PORT',
            port: 8080,
          },
        },
      },
      targetRef: { group: '', kind: 'Service', name: 'web' },
    });
  });

  test.each([
    [
      'a timeout above the interval',
      { checkIntervalSec: 5, timeoutSec: 10 },
      "'healthCheck.timeoutSec' (10) is greater than 'healthCheck.checkIntervalSec' (5)",
    ],
    [
      'a lone timeout above the default interval',
      { timeoutSec: 6 },
      "'healthCheck.timeoutSec' (6) is greater than the check interval (5, the default)",
    ],
    [
      'a lone interval below the default timeout',
      { checkIntervalSec: 3 },
      "'healthCheck.checkIntervalSec' (3) is less than the default timeout of 5 seconds",
    ],
    ['a threshold above 10', { healthyThreshold: 11 }, "'healthCheck.healthyThreshold'"],
    ['a type it does not speak', { type: 'TCP' as never }, '\'healthCheck.type\' is "TCP"'],
  ])('refuses %s', (_name, extra, message) => {
    expect(() => policy({ requestPath: '/ready', ...extra })).toThrow(message);
  });
});
