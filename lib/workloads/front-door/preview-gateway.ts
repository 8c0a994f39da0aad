import { Construct } from 'constructs';
import { Gateway } from '../../gke/gateway';
import { HttpRoute } from '../../gke/http-route';
import { PREVIEW_OF_LABEL, previewOf } from '../../platform/preview-labels';
import type { Previews } from '../../platform/previews';
import type { EnvironmentChart } from '../chart/environment-chart';
import { standardLabels } from '../chart/labels';
import { EXTERNAL_GATEWAY_CLASS } from './gateway-front-door';

/** The listener that previews' HTTPRoutes attach to (their `sectionName`). */
export const PREVIEW_HTTPS_LISTENER = 'https';
/** The listener that only the redirect to HTTPS attaches to. */
export const PREVIEW_HTTP_LISTENER = 'http';

/**
 * The Gateway that every preview of an environment shares, in that environment's namespace:
 * one global external Application Load Balancer on the address and the wildcard certificate
 * `*.<domain>` (a Certificate Manager map) that the environment's stack creates, so that a new
 * preview is one more HTTPRoute and no new Google Cloud resource.
 *
 * The HTTPS listener takes the routes of the namespaces labelled
 * `gke-platform/preview-of: <platform>-<environment>` (the previews'), for the hosts under the
 * domain. The HTTP listener takes routes of this namespace only: the one that redirects every
 * request to HTTPS, which no preview can override, since a preview's routes cannot attach to
 * it.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-certificate-manager
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/http-redirect
 * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/
 */
export class PreviewGateway extends Construct {
  /** How errors name it. */
  readonly where: string;
  /** The shared Gateway, `previews`. */
  readonly gateway: Gateway;
  /** The HTTPRoute on the HTTP listener that redirects every request to HTTPS. */
  readonly redirectRoute: HttpRoute;

  constructor(chart: EnvironmentChart, id: string, previews: Previews) {
    super(chart, id);
    this.where = `PreviewGateway '${this.node.path}'`;
    const platform = chart.platform.name;
    const hostname = `*.${previews.domain}`;
    const metadata = (name: string) => ({
      name,
      namespace: chart.namespaceName,
      labels: standardLabels({
        name: previews.gatewayName,
        environment: chart.environment.name,
        partOf: platform,
        component: 'preview-gateway',
      }),
    });
    this.gateway = new Gateway(this, 'gateway', {
      metadata: metadata(previews.gatewayName),
      className: EXTERNAL_GATEWAY_CLASS,
      namedAddress: previews.addressName,
      certificateMap: previews.certificateMapName,
      listeners: [
        {
          name: PREVIEW_HTTPS_LISTENER,
          protocol: 'HTTPS',
          hostname,
          routeNamespaces: {
            matchLabels: { [PREVIEW_OF_LABEL]: previewOf(platform, previews.from) },
          },
        },
        { name: PREVIEW_HTTP_LISTENER, protocol: 'HTTP', hostname, routeNamespaces: 'Same' },
      ],
    });
    chart.claimName('Gateway', this.gateway.name, this);
    this.redirectRoute = new HttpRoute(this, 'redirect', {
      metadata: metadata(`${previews.gatewayName}-redirect`),
      gateway: this.gateway.name,
      sectionName: PREVIEW_HTTP_LISTENER,
      // No hostnames: the route serves every host of its listener, `*.<domain>`.
      rules: [{ matches: [{ path: '/' }], redirectToHttps: true }],
    });
    chart.claimName('HTTPRoute', this.redirectRoute.name, this);
  }
}

/**
 * Adds the shared preview Gateway to `chart` when the platform declares previews and the
 * chart is their base environment's (its own namespace, not a preview's); otherwise nothing.
 */
export function addPreviewGateway(chart: EnvironmentChart): PreviewGateway | undefined {
  const previews = chart.platform.previews;
  if (previews === undefined) return undefined;
  const base = chart.platform.environment(previews.from);
  if (chart.environment.name !== base.name || chart.namespaceName !== base.namespace)
    return undefined;
  // An id no workload can take (workload names are lower-case DNS labels).
  return new PreviewGateway(chart, 'PreviewGateway', previews);
}
