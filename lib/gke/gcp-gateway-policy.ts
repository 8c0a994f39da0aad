import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/gcpgatewaypolicy-networking.gke.io';
import { checkDnsSubdomain } from '../core/naming';
import { fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { checkGcpName, checkMetadata, type GkeObjectProps } from './common';

/** Settings of a {@link GcpGatewayPolicy}. */
export interface GcpGatewayPolicyProps extends GkeObjectProps {
  /** The Gateway (in the policy's namespace) it configures, by name. */
  readonly gateway: string;
  /**
   * A Compute Engine SSL policy by name, e.g. one that requires TLS 1.2.
   * @default - GKE's default policy
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_ssl_policies
   */
  readonly sslPolicy?: string;
  /**
   * For an internal Gateway (gke-l7-rilb): accept clients from every region of the VPC, not
   * only the Gateway's own.
   * @default - not set: clients of the Gateway's region only
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_global_access
   */
  readonly allowGlobalAccess?: boolean;
}

/**
 * A GKE GCPGatewayPolicy (networking.gke.io/v1): load balancer settings of a Gateway as a
 * whole (SSL policy, global access of an internal one).
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 */
export class GcpGatewayPolicy extends Construct {
  /** The generated GCPGatewayPolicy object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: GcpGatewayPolicyProps) {
    super(scope, freeId(scope, id, 'GcpGatewayPolicy'));
    const where = `GcpGatewayPolicy '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    if (props.sslPolicy === undefined && props.allowGlobalAccess === undefined)
      fail(
        where,
        'sslPolicy',
        "and 'allowGlobalAccess' are both unset, so the policy would change nothing",
        'set at least one of them',
      );
    this.apiObject = new imported.GcpGatewayPolicy(this, 'Resource', {
      metadata,
      spec: {
        default: {
          sslPolicy:
            props.sslPolicy === undefined
              ? undefined
              : checkGcpName(where, 'sslPolicy', props.sslPolicy),
          allowGlobalAccess: props.allowGlobalAccess,
        },
        targetRef: {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: checkDnsSubdomain(where, 'gateway', props.gateway),
        },
      },
    });
    this.name = this.apiObject.name;
  }
}
