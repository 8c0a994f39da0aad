import { Construct } from 'constructs';
import { HttpRoute } from '../../gke/http-route';
import { describeConstruct } from '../../core/construct-id';
import { fail } from '../../core/errors';
import type { ChartPreview } from '../chart/preview';
import { healthCheck } from './backend-config-builder';
import type {
  FrontDoor,
  FrontDoorRoute,
  FrontDoorSettings,
  ResolvedBackend,
  ResolvedRoute,
} from './front-door';
import { backendPolicyOptions } from './gateway-backend-options';
import { httpRouteRules } from './gateway-front-door';
import { serviceBackendPolicy, serviceHealthCheckPolicy } from './gateway-service-policies';

/** The shared preview Gateway's HTTPS listener, which preview routes attach to. */
export const PREVIEW_LISTENER = 'https';

/** What the preview front door takes: the entrypoint's settings and the chart's preview. */
export interface PreviewFrontDoorSettings extends FrontDoorSettings {
  /** The preview the chart synthesizes. */
  readonly preview: ChartPreview;
  /** The entrypoint's default backend: served for `/` when no route serves it. @default none */
  readonly defaultBackend?: ResolvedBackend;
}

/**
 * A WebEntrypoint's front door in a preview: no load balancer, address or certificate of
 * its own, one HTTPRoute in the preview's namespace attached across namespaces to the base
 * environment's shared preview Gateway (its HTTPS listener; the Gateway redirects HTTP
 * itself), for the preview's host of this entrypoint. It serves what the entrypoint's first
 * host serves in the base environment (every route without a host when it has none), and its
default backend for `/` when no route serves `/`. Each
 * backend Service gets its HealthCheckPolicy from its readiness probe and, for timeouts,
 * draining, access logging and Cloud Armor, a GCPBackendPolicy, as behind the gateway front
 * door. Cloud CDN, custom headers, session affinity and a backend protocol other than HTTP are
 * left out (a preview is for trying the code, not the edge), and IAP is refused: a preview
 * would otherwise serve publicly what the base environment keeps behind a login.
 * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways
 */
export class PreviewFrontDoor extends Construct implements FrontDoor {
  /** Which front door this is: a route on the shared preview Gateway. */
  readonly kind = 'gateway';
  /** The preview's host of this entrypoint, `<preview>.<domain>` or `<preview>-<entrypoint>.<domain>`. */
  readonly host: string;
  /** The HTTPRoute attached to the shared preview Gateway. */
  readonly route: HttpRoute;
  private readonly where: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly settings: PreviewFrontDoorSettings,
  ) {
    super(scope, id);
    const { preview, chart } = settings;
    this.where = describeConstruct(scope);
    this.host = preview.hostFor(settings.name, this.where);
    const served = settings.hosts[0];
    this.route = new HttpRoute(this, 'route', {
      metadata: {
        name: settings.name,
        namespace: chart.namespaceName,
        labels: { ...settings.labels },
      },
      gateway: preview.previews.gatewayName,
      gatewayNamespace: preview.gatewayNamespace,
      sectionName: PREVIEW_LISTENER,
      hostnames: [this.host],
      rules: () => httpRouteRules(this.servedRoutes(served)),
    });
    chart.claimName('HTTPRoute', this.route.name, scope);
    const fallback = settings.defaultBackend;
    if (fallback) this.addRoute({ ...fallback, path: '/' });
  }

  /** The routes of `host` in the base environment, and the default backend for the rest. */
  private servedRoutes(host: string | undefined): FrontDoorRoute[] {
    const routes = this.settings.routes.routesFor(host);
    const fallback = this.settings.defaultBackend;
    if (fallback === undefined || routes.some((r) => r.path === '/')) return routes;
    return [...routes, { path: '/', service: fallback.service, port: fallback.port.port }];
  }

  /** Makes `route.service` a backend of the shared Gateway, with its health check and policy. */
  addRoute(route: ResolvedRoute): void {
    const { service, options, propOf } = route;
    const { chart } = this.settings;
    if (options.iap !== undefined && options.iap !== false)
      fail(
        this.where,
        propOf('iap'),
        'is set, but a preview is served on the shared preview Gateway without IAP',
        "leave 'iap' out for the environment previews derive from, or do not use previews",
      );
    const check = healthCheck(
      options,
      { where: this.where, propOf, readiness: route.readiness },
      'HTTP',
    );
    const by = { where: this.where, path: route.path };
    const versions = service.canary ? [service, service.canary] : [service];
    for (const version of versions) serviceHealthCheckPolicy(chart, version, check, by);
    // The base environment's Cloud Armor policy protects its previews too; what a shared
    // Gateway cannot give a preview (CDN, headers, affinity) is left out, not refused.
    const mapped = backendPolicyOptions(chart, this.where, options, propOf);
    if (Object.values(mapped).some((v) => v !== undefined))
      for (const version of versions) serviceBackendPolicy(chart, version, mapped, by, 'route');
  }
}
