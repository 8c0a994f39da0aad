import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/healthcheckpolicy-networking.gke.io';
import { checkDnsSubdomain } from '../core/naming';
import { fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { type BackendHealthCheck, healthCheckSpec } from './backend-config';
import { checkMetadata, type GkeObjectProps } from './common';
import { policyTarget } from './service-export';

/**
 * The load balancer's defaults for a health check's interval and timeout, in seconds, which
 * the CRD's x-kubernetes-validations compare a lone `timeoutSec` or `checkIntervalSec` with.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_health_check
 */
export const HEALTH_CHECK_DEFAULT_SECONDS = 5;

/** Settings of a {@link HealthCheckPolicy}. */
export interface HealthCheckPolicyProps extends GkeObjectProps {
  /** The Service (in the policy's namespace) whose backends the check probes, by name. */
  readonly service: string;
  /**
   * What `service` names: a Service (behind a single-cluster Gateway), or a ServiceImport
   * (behind a multi-cluster Gateway, where policies attach to ServiceImports).
   * @default 'Service'
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#restrictions_and_limitations
   */
  readonly targetKind?: 'Service' | 'ServiceImport';
  /**
   * The check: the same settings as a BackendConfig's health check. With a `port`, the check
   * probes that port of each pod (`USE_FIXED_PORT`); without, the serving port.
   */
  readonly healthCheck: BackendHealthCheck;
}

/**
 * A GKE HealthCheckPolicy (networking.gke.io/v1): the load balancer's health check for the
 * backends of a Service behind a Gateway, which ignores BackendConfigs. Give the path and
 * port of the serving container's readiness probe, so that the load balancer and Kubernetes
 * agree on which pods are ready.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_health_check
 */
export class HealthCheckPolicy extends Construct {
  /** The generated HealthCheckPolicy object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HealthCheckPolicyProps) {
    super(scope, freeId(scope, id, 'HealthCheckPolicy'));
    const where = `HealthCheckPolicy '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    // The same checks as a BackendConfig's health check, then the CRD's own.
    const hc = healthCheckSpec(where, props.healthCheck);
    const type = hc.type as 'HTTP' | 'HTTPS' | 'HTTP2';
    const interval = hc.checkIntervalSec;
    const timeout = hc.timeoutSec;
    // The CRD's x-kubernetes-validations on spec.default compare each with the other or with
    // the other's default of 5 seconds.
    if (timeout !== undefined && timeout > (interval ?? HEALTH_CHECK_DEFAULT_SECONDS))
      fail(
        where,
        'healthCheck.timeoutSec',
        `(${timeout}) is greater than the check interval (${interval ?? `${HEALTH_CHECK_DEFAULT_SECONDS}, the default`})`,
        'make the timeout at most the check interval',
      );
    if (interval !== undefined && timeout === undefined && interval < HEALTH_CHECK_DEFAULT_SECONDS)
      fail(
        where,
        'healthCheck.checkIntervalSec',
        `(${interval}) is less than the default timeout of ${HEALTH_CHECK_DEFAULT_SECONDS} seconds`,
        "also give 'timeoutSec' of at most the interval, or check at least every 5 seconds",
      );
    const check = {
      requestPath: hc.requestPath,
      ...(hc.port === undefined ? {} : { portSpecification: 'USE_FIXED_PORT', port: hc.port }),
    } as imported.HealthCheckPolicySpecDefaultConfigHttpHealthCheck;
    const key = { HTTP: 'httpHealthCheck', HTTPS: 'httpsHealthCheck', HTTP2: 'http2HealthCheck' }[
      type
    ];
    this.apiObject = new imported.HealthCheckPolicy(this, 'Resource', {
      metadata,
      spec: {
        default: {
          checkIntervalSec: interval,
          timeoutSec: timeout,
          healthyThreshold: hc.healthyThreshold,
          unhealthyThreshold: hc.unhealthyThreshold,
          config: {
            type: type as imported.HealthCheckPolicySpecDefaultConfigType,
            [key]: check,
          },
        },
        // Policies attach to a Service or ServiceImport of their own namespace ("" is the
        // core API group).
        targetRef: {
          ...policyTarget(where, props.targetKind),
          name: checkDnsSubdomain(where, 'service', props.service),
        },
      },
    });
    this.name = this.apiObject.name;
  }
}
