import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/gcpbackendpolicy-networking.gke.io';
import { checkDnsSubdomain } from '../core/naming';
import { checkWholeNumber, fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { checkGcpName, checkMetadata, type GkeObjectProps } from './common';
import { policyTarget } from './service-export';

/** The CRD's maximum of `maxRatePerEndpoint` (requests per second). */
export const MAX_RATE_PER_ENDPOINT = 1_000_000_000;

/** The GCPBackendPolicy's `logging.sampleRate` unit: millionths of the requests. */
const SAMPLE_RATE_SCALE = 1_000_000;

/**
 * Identity-Aware Proxy in front of a Service's backends.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#configure_iap
 */
export interface GatewayIap {
  /** The OAuth client ID. */
  readonly clientId: string;
  /** The Secret (in the policy's namespace) whose `key` holds the OAuth client secret. */
  readonly clientSecret: string;
}

/** Settings of a {@link GcpBackendPolicy}. */
export interface GcpBackendPolicyProps extends GkeObjectProps {
  /** The Service (in the policy's namespace) whose load balancer backend it configures, by name. */
  readonly service: string;
  /**
   * What `service` names: a Service (behind a single-cluster Gateway), or a ServiceImport
   * (behind a multi-cluster Gateway, where policies attach to ServiceImports).
   * @default 'Service'
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#restrictions_and_limitations
   */
  readonly targetKind?: 'Service' | 'ServiceImport';
  /**
   * Seconds the load balancer waits for a backend's response, 1 to 2147483647.
   * @default - not set: GKE's default of 30 seconds
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_backend_service_timeout
   */
  readonly timeoutSec?: number;
  /**
   * Seconds the load balancer lets in-flight requests finish on a backend being removed,
   * 0 to 3600.
   * @default - not set: no draining
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_connection_draining
   */
  readonly drainingTimeoutSec?: number;
  /**
   * A Google Cloud Armor backend security policy by name.
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#configure_cloud_armor
   */
  readonly securityPolicy?: string;
  /**
   * Whether the load balancer logs the requests to these backends.
   * @default - not set: GKE's default
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_access_logging
   */
  readonly logging?: boolean;
  /**
   * The fraction of requests logged, 0 to 1 (written in millionths, the CRD's unit). Needs
   * `logging: true`.
   * @default - not set: GKE's default
   */
  readonly logSampleRate?: number;
  /**
   * Identity-Aware Proxy.
   * @default - none
   */
  readonly iap?: GatewayIap;
  /**
   * The requests per second one Pod of the Service is meant to serve, 1 to 1000000000: the
   * Service's capacity, which the load balancer fills before it spills traffic over, and
   * which a HorizontalPodAutoscaler on the load balancer's traffic scales against
   * (traffic-based autoscaling). Measure it with a load test.
   * @default - not set: GKE's default of 100000000, so the capacity is never reached
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/traffic-management
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/horizontal-pod-autoscaling
   */
  readonly maxRatePerEndpoint?: number;
}

/**
 * A GKE GCPBackendPolicy (networking.gke.io/v1): what a BackendConfig is to an Ingress, for a
 * Service behind a Gateway: timeout, connection draining, Cloud Armor, logging, IAP and the
 * capacity per Pod of its backend service. One per Service: with two, GKE applies the oldest.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 */
export class GcpBackendPolicy extends Construct {
  /** The generated GCPBackendPolicy object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: GcpBackendPolicyProps) {
    super(scope, freeId(scope, id, 'GcpBackendPolicy'));
    const where = `GcpBackendPolicy '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    const optional = <T, R>(value: T | undefined, f: (v: T) => R) =>
      value === undefined ? undefined : f(value);
    this.apiObject = new imported.GcpBackendPolicy(this, 'Resource', {
      metadata,
      spec: {
        default: {
          timeoutSec: optional(props.timeoutSec, (v) =>
            checkWholeNumber(where, 'timeoutSec', v, 1, 2147483647),
          ),
          connectionDraining: optional(props.drainingTimeoutSec, (v) => ({
            drainingTimeoutSec: checkWholeNumber(where, 'drainingTimeoutSec', v, 0, 3600),
          })),
          securityPolicy: optional(props.securityPolicy, (v) =>
            checkGcpName(where, 'securityPolicy', v),
          ),
          logging: loggingSpec(where, props.logging, props.logSampleRate),
          maxRatePerEndpoint: optional(props.maxRatePerEndpoint, (v) =>
            checkWholeNumber(where, 'maxRatePerEndpoint', v, 1, MAX_RATE_PER_ENDPOINT),
          ),
          iap: optional(props.iap, (iap) => ({
            enabled: true,
            clientId: iap.clientId,
            oauth2ClientSecret: {
              name: checkDnsSubdomain(where, 'iap.clientSecret', iap.clientSecret),
            },
          })),
        },
        targetRef: {
          ...policyTarget(where, props.targetKind),
          name: checkDnsSubdomain(where, 'service', props.service),
        },
      },
    });
    this.name = this.apiObject.name;
  }
}

function loggingSpec(
  where: string,
  enabled: boolean | undefined,
  rate: number | undefined,
): imported.GcpBackendPolicySpecDefaultLogging | undefined {
  if (rate !== undefined) {
    if (enabled !== true)
      fail(
        where,
        'logSampleRate',
        'is set but logging is not enabled',
        "also set 'logging: true', or leave 'logSampleRate' out",
      );
    if (!Number.isFinite(rate) || rate < 0 || rate > 1)
      fail(
        where,
        'logSampleRate',
        `is ${rate}`,
        'use a fraction from 0 to 1 (1 logs every request)',
      );
  }
  if (enabled === undefined) return undefined;
  return {
    enabled,
    sampleRate: rate === undefined ? undefined : Math.round(rate * SAMPLE_RATE_SCALE),
  };
}
