import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/gateway-gateway.networking.k8s.io';
import { checkFormat, isQualifiedName, isValidLabelValue } from '../core/apimachinery';
import { checkDnsSubdomain, checkHostName } from '../core/naming';
import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { checkGcpName, checkMetadata, type GkeObjectProps } from './common';

/**
 * The Gateway annotation that attaches a Certificate Manager certificate map to a global
 * Gateway's target HTTPS proxy.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-certificate-manager
 */
export const CERTIFICATE_MAP_ANNOTATION = 'networking.gke.io/certmap';

/**
 * The HTTPS listener's TLS option that names Compute Engine SSL certificates (comma
 * separated) created outside the cluster.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-ssl-certificate
 */
export const PRE_SHARED_CERTIFICATES_OPTION = 'networking.gke.io/pre-shared-certs';

/**
 * GKE's GatewayClasses for HTTP(S): the global external Application Load Balancer, the
 * regional external one, the regional internal one, and the classic one; each for one
 * cluster, and (`-mc`) for the clusters of a fleet, configured on its config cluster with
 * ServiceImports as backends.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api#gatewayclass
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities
 */
export type GatewayClassName =
  | 'gke-l7-global-external-managed'
  | 'gke-l7-regional-external-managed'
  | 'gke-l7-rilb'
  | 'gke-l7-gxlb'
  | 'gke-l7-global-external-managed-mc'
  | 'gke-l7-regional-external-managed-mc'
  | 'gke-l7-rilb-mc'
  | 'gke-l7-gxlb-mc';

const CLASS_NAMES: readonly GatewayClassName[] = [
  'gke-l7-global-external-managed',
  'gke-l7-regional-external-managed',
  'gke-l7-rilb',
  'gke-l7-gxlb',
  'gke-l7-global-external-managed-mc',
  'gke-l7-regional-external-managed-mc',
  'gke-l7-rilb-mc',
  'gke-l7-gxlb-mc',
];

/**
 * The classes whose target proxy is global: only those take a Certificate Manager map
 * (certificate maps attach to global target HTTPS proxies).
 * @see https://cloud.google.com/certificate-manager/docs/maps
 */
const GLOBAL_CLASSES: readonly GatewayClassName[] = [
  'gke-l7-global-external-managed',
  'gke-l7-gxlb',
  'gke-l7-global-external-managed-mc',
  'gke-l7-gxlb-mc',
];

/** One listener of a Gateway: a port and protocol that the load balancer serves. */
export interface GatewayListener {
  /** The listener's name, unique in the Gateway; HTTPRoutes attach to it by `sectionName`. */
  readonly name: string;
  /** `HTTP`, or `HTTPS` terminating TLS at the load balancer. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** The port. @default 80 for HTTP, 443 for HTTPS */
  readonly port?: number;
  /**
   * For HTTPS: Compute Engine SSL certificates (global for global classes, regional for
   * regional ones), by name.
   * @default - none: the Gateway's certificate map serves the certificates
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-ssl-certificate
   */
  readonly preSharedCertificates?: readonly string[];
  /**
   * The hosts the listener serves: a name, or a wildcard such as `*.example.com` (one or
   * more labels in place of the `*`); the routes attached to it serve the hosts they share
   * with it.
   * @default - every host
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  readonly hostname?: string;
  /**
   * The namespaces whose routes may attach to the listener: the Gateway's own (`'Same'`), or
   * those whose labels include `matchLabels` (a Gateway shared across namespaces).
   * @default 'Same'
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes
   */
  readonly routeNamespaces?: GatewayRouteNamespaces;
}

/**
 * The namespaces whose routes may attach to a listener: the Gateway's own (`'Same'`), or
 * those with all the labels of `matchLabels` (at least one).
 */
export type GatewayRouteNamespaces =
  'Same' | { readonly matchLabels: Readonly<Record<string, string>> };

/** Settings of a {@link Gateway}. */
export interface GatewayProps extends GkeObjectProps {
  /**
   * The GatewayClass: which Google load balancer GKE makes.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities
   */
  readonly className: GatewayClassName;
  /** The listeners, 1 to 64, with unique names and unique port/protocol pairs. */
  readonly listeners: readonly GatewayListener[];
  /**
   * A reserved Compute Engine address by name (`NamedAddress`): global for global classes,
   * regional for regional ones.
   * @default - an ephemeral address
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#gateway_ip_addressing
   */
  readonly namedAddress?: string;
  /**
   * A Certificate Manager certificate map, by name (global classes only).
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-certificate-manager
   */
  readonly certificateMap?: string;
}

/**
 * A Gateway (gateway.networking.k8s.io/v1) of one of GKE's GatewayClasses: the front end of a
 * Google Application Load Balancer. HTTPRoutes attach to it; GCPGatewayPolicy configures it.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api
 */
export class Gateway extends Construct {
  /** The generated Gateway object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name, as HTTPRoutes and policies reference it. */
  public readonly name: string;
  /** The listeners' names. */
  public readonly listenerNames: readonly string[];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, freeId(scope, id, 'Gateway'));
    const where = `Gateway '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    checkOneOf(
      where,
      'className',
      props.className,
      CLASS_NAMES,
      'is not a GKE GatewayClass this construct knows',
    );
    const listeners = checkListeners(where, props);
    const annotations: Record<string, string> = {};
    if (props.certificateMap !== undefined) {
      checkGcpName(where, 'certificateMap', props.certificateMap);
      if (!GLOBAL_CLASSES.includes(props.className)) {
        fail(
          where,
          'certificateMap',
          `is set, but ${props.className} is a regional load balancer and certificate maps attach to global ones only`,
          "give the HTTPS listener 'preSharedCertificates' (regional SSL certificates) instead",
        );
      }
      annotations[CERTIFICATE_MAP_ANNOTATION] = props.certificateMap;
    }
    this.apiObject = new imported.Gateway(this, 'Resource', {
      metadata: {
        ...metadata,
        annotations: { ...(metadata.annotations ?? {}), ...annotations },
      },
      spec: {
        gatewayClassName: props.className,
        listeners,
        addresses:
          props.namedAddress === undefined
            ? undefined
            : [
                {
                  type: 'NamedAddress',
                  value: checkGcpName(where, 'namedAddress', props.namedAddress),
                },
              ],
      },
    });
    this.name = this.apiObject.name;
    this.listenerNames = listeners.map((l) => l.name);
  }
}

function checkListeners(where: string, props: GatewayProps): imported.GatewaySpecListeners[] {
  const { listeners } = props;
  if (!Array.isArray(listeners) || listeners.length < 1 || listeners.length > 64) {
    fail(where, 'listeners', `has ${listeners?.length ?? 0} entries`, 'give 1 to 64 listeners');
  }
  const names = new Set<string>();
  const ports = new Set<string>();
  return listeners.map((l, i) => {
    const prop = `listeners[${i}]`;
    checkDnsSubdomain(where, `${prop}.name`, l.name);
    // The CRD's x-kubernetes-validations on spec.listeners: unique names, unique port/protocol/hostname.
    if (names.has(l.name))
      fail(where, `${prop}.name`, `is '${l.name}' twice`, 'give each listener its own name');
    names.add(l.name);
    checkOneOf(where, `${prop}.protocol`, l.protocol, ['HTTP', 'HTTPS']);
    const port = checkWholeNumber(
      where,
      `${prop}.port`,
      l.port ?? (l.protocol === 'HTTPS' ? 443 : 80),
      1,
      65535,
    );
    const key = `${l.protocol}/${port}`;
    if (ports.has(key))
      fail(
        where,
        `${prop}.port`,
        `repeats ${l.protocol} on port ${port}`,
        'give each listener its own port and protocol',
      );
    ports.add(key);
    const certificates: readonly string[] = l.preSharedCertificates ?? [];
    if (l.protocol === 'HTTP' && certificates.length > 0)
      fail(
        where,
        `${prop}.preSharedCertificates`,
        'is set on an HTTP listener',
        "use protocol 'HTTPS' for TLS, or leave the certificates out",
      );
    certificates.forEach((c, j) => checkGcpName(where, `${prop}.preSharedCertificates[${j}]`, c));
    if (l.protocol === 'HTTPS' && certificates.length === 0 && props.certificateMap === undefined)
      fail(
        where,
        `${prop}.preSharedCertificates`,
        'is empty and the Gateway has no certificate map, so the HTTPS listener would have no certificate',
        "give 'preSharedCertificates' or the Gateway's 'certificateMap'",
      );
    return {
      name: l.name,
      hostname:
        l.hostname === undefined ? undefined : checkHostName(where, `${prop}.hostname`, l.hostname),
      protocol: l.protocol,
      port,
      allowedRoutes: allowedRoutes(where, `${prop}.routeNamespaces`, l.routeNamespaces),
      tls:
        certificates.length === 0
          ? undefined
          : {
              mode: imported.GatewaySpecListenersTlsMode.TERMINATE,
              options: { [PRE_SHARED_CERTIFICATES_OPTION]: certificates.join(',') },
            },
    };
  });
}

/** A listener's `allowedRoutes`: the namespaces whose routes may attach, checked. */
function allowedRoutes(
  where: string,
  prop: string,
  namespaces: GatewayRouteNamespaces | undefined,
): imported.GatewaySpecListenersAllowedRoutes | undefined {
  if (namespaces === undefined) return undefined;
  if (namespaces === 'Same')
    return { namespaces: { from: imported.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };
  const labels = Object.entries(namespaces?.matchLabels ?? {});
  // An empty selector selects every namespace, which 'Same' or a label should say instead.
  if (labels.length === 0)
    fail(
      where,
      `${prop}.matchLabels`,
      'is empty, so routes of every namespace could attach',
      "give the label of the namespaces that may attach routes, or 'Same'",
    );
  for (const [key, value] of labels) {
    checkFormat(where, `${prop}.matchLabels`, key, isQualifiedName);
    checkFormat(where, `${prop}.matchLabels['${key}']`, value, isValidLabelValue);
  }
  return {
    namespaces: {
      from: imported.GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
      selector: { matchLabels: Object.fromEntries(labels) },
    },
  };
}
