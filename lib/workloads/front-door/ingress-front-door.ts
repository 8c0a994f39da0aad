import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { BackendConfig } from '../../gke/backend-config';
import { FrontendConfig } from '../../gke/frontend-config';
import { ManagedCertificate } from '../../gke/managed-certificate';
import { describeConstruct } from '../../core/construct-id';
import { fail } from '../../core/errors';
import { k8s } from '../chart/kube';
import { buildBackend } from './backend-config-builder';
import type { BackendRoute } from './backend-route';
import type {
  FrontDoor,
  FrontDoorSettings,
  ResolvedBackend,
  ResolvedRoute,
  FrontDoorRoute,
} from './front-door';
import { serveCertificate } from './certificate-domains';
import { httpsRedirect } from './route-rules';
import { declaredCertificate, declaredSecurityPolicy } from '../../platform/lookups';

/**
 * The Ingress annotation listing Compute Engine SSL certificates (made outside Kubernetes)
 * that the load balancer serves.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 */
export const PRE_SHARED_CERT_ANNOTATION = 'ingress.gcp.kubernetes.io/pre-shared-cert';

/** What only the ingress front door takes, resolved for the environment. */
export interface IngressFrontDoorSettings extends FrontDoorSettings {
  /**
   * Certificates the platform declares for the environment, by key, served by name
   * (`ingress.gcp.kubernetes.io/pre-shared-cert`). External load balancers only.
   * @default none
   */
  readonly certificates?: readonly string[];
  /** The backend of requests no route matches, with the entrypoint's options. @default GKE's (404) */
  readonly defaultBackend?: ResolvedBackend;
}

/**
 * The ingress front door of a WebEntrypoint: a GKE Ingress of class `gce` (or `gce-internal`)
 * by annotation, a ManagedCertificate for the hosts, a FrontendConfig for the HTTPS redirect
 * and SSL policy, and on every backend Service container-native load balancing (NEG) and a
 * BackendConfig whose health check is the readiness probe.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration
 */
export class IngressFrontDoor extends Construct implements FrontDoor {
  /** Which front door this is: GKE Ingress. */
  readonly kind = 'ingress';
  /** The Ingress (class `gce`, or `gce-internal`, by annotation). */
  readonly ingress: k8s.KubeIngress;
  /** The Google-managed certificate for the hosts, when there is one. */
  readonly certificate?: ManagedCertificate;
  /** The FrontendConfig of the HTTPS redirect and the SSL policy, when either is on. */
  readonly frontendConfig?: FrontendConfig;
  private readonly where: string;
  private readonly entrypoint: Construct;

  constructor(
    scope: Construct,
    id: string,
    private readonly settings: IngressFrontDoorSettings,
  ) {
    super(scope, id);
    const where = describeConstruct(scope);
    this.where = where;
    this.entrypoint = scope;
    const { chart, hosts, internal } = settings;
    const declared = (settings.certificates ?? []).map((key) =>
      declaredCertificate(chart.platform, chart.environment.name, key, where, 'certificates'),
    );
    for (const c of declared) serveCertificate(chart, scope, where, hosts, c);
    const preShared = declared.map((c) => c.name);
    if (internal && preShared.length > 0)
      fail(
        where,
        'certificates',
        'is set, but the declared certificates are global and an internal load balancer takes regional ones',
        "leave 'certificates' out, or make the entrypoint external",
      );
    const certificate = settings.managedCertificate ?? (hosts.length > 0 && preShared.length === 0);
    const tls = certificate || preShared.length > 0;
    if (certificate && hosts.length === 0)
      fail(
        where,
        'managedCertificate',
        'is true, but no hosts are given',
        "list the host names in 'hosts'",
      );
    const wildcard = hosts.find((h) => h.startsWith('*.'));
    // "Google-managed certificates don't support wildcard domains."
    // @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
    if (certificate && wildcard !== undefined)
      fail(
        where,
        'hosts',
        `has the wildcard '${wildcard}', but the Google-managed certificate (ManagedCertificate) of the ingress front door does not cover wildcards`,
        "serve a certificate for it from 'certificates' with 'managedCertificate: false', or use frontDoor 'gateway' with a Certificate Manager map (wildcards need DNS authorization)",
      );
    if (internal && (certificate || (settings.redirectToHttps ?? tls)))
      fail(
        where,
        'internal',
        'is true, but Google-managed certificates and the HTTPS redirect exist only for external load balancers',
        "set 'managedCertificate: false' and 'redirectToHttps: false', or make the entrypoint external",
      );
    const redirect = httpsRedirect(
      where,
      settings,
      tls,
      "'hosts' for a managed certificate or 'certificates'",
    );

    const annotations: Record<string, string> = {
      // GKE acts on the annotation only; with just spec.ingressClassName it creates no load balancer.
      // @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
      'kubernetes.io/ingress.class': internal ? 'gce-internal' : 'gce',
    };
    if (settings.addressName !== undefined) {
      annotations[
        internal
          ? 'kubernetes.io/ingress.regional-static-ip-name'
          : 'kubernetes.io/ingress.global-static-ip-name'
      ] = settings.addressName;
    }
    if (certificate) {
      this.certificate = new ManagedCertificate(this, 'certificate', {
        metadata: this.metadata('-cert'),
        domains: hosts,
      });
      chart.claimName('ManagedCertificate', this.certificate.name, scope);
      Object.assign(annotations, this.certificate.ingressAnnotations());
    }
    if (preShared.length > 0) annotations[PRE_SHARED_CERT_ANNOTATION] = preShared.join(',');
    if (redirect || settings.sslPolicy) {
      this.frontendConfig = new FrontendConfig(this, 'frontend', {
        metadata: this.metadata('-frontend'),
        redirectToHttps: redirect,
        sslPolicy: settings.sslPolicy,
      });
      chart.claimName('FrontendConfig', this.frontendConfig.name, scope);
      Object.assign(annotations, FrontendConfig.ingressAnnotations(this.frontendConfig));
    }
    if (settings.allowHttp === false) annotations['kubernetes.io/ingress.allow-http'] = 'false';

    const fallback = settings.defaultBackend;
    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { ...this.metadata(''), annotations },
      spec: {
        defaultBackend: fallback && this.serveDefault(fallback),
        rules: Lazy.any({ produce: () => this.renderRules() }),
      },
    });
    chart.claimName('Ingress', this.ingress.name, scope);
  }

  /**
   * Makes `route`'s service a backend of this Ingress, with its BackendConfig from the route's
   * options and the readiness probe.
   */
  addRoute(route: ResolvedRoute): void {
    this.attach(route, { entrypoint: this.entrypoint, path: route.path });
  }

  /** The Ingress's default backend, a backend like a route's. */
  private serveDefault(backend: ResolvedBackend): k8s.IngressBackend {
    this.attach(backend, { entrypoint: this.entrypoint });
    return { service: { name: backend.service.name, port: { number: backend.port.port } } };
  }

  /**
   * Makes the Service port a backend of this load balancer: its BackendConfig from the
   * route's options and the readiness probe. The Service's `cloud.google.com/app-protocols`
   * and the probes' scheme are the main port's, so HTTPS or HTTP/2 goes to that port only.
   */
  private attach(backend: ResolvedBackend, route: BackendRoute): BackendConfig {
    const { service, port, propOf } = backend;
    if (service.canary)
      fail(
        this.where,
        'route',
        `sends to ${service.where}, which runs a canary, but a GKE Ingress cannot split requests between two Services by weight`,
        "use frontDoor 'gateway' for this entrypoint (its HTTPRoute splits by the canary's weight), or leave the canary out in this environment",
      );
    const built = buildBackend(backend.options, {
      where: this.where,
      propOf,
      readiness: backend.readiness,
      internal: this.settings.internal,
      securityPolicyName: (key, prop) =>
        declaredSecurityPolicy(
          this.settings.chart.platform,
          this.settings.chart.environment.name,
          key,
          this.where,
          prop,
        ).name,
    });
    const main = service.servicePorts[0]?.name;
    if (built.protocol !== 'HTTP' && port.name !== main)
      fail(
        this.where,
        propOf('protocol'),
        `is ${built.protocol} for port '${port.name}' of ${service.where}, but the load balancer's health check and the probes follow the readiness probe on the main port '${main}'`,
        'route HTTPS or HTTP/2 to the main port, or serve HTTP on this one',
      );
    return service.addIngressBackend(route, built);
  }

  private metadata(suffix: string) {
    return {
      name: `${this.settings.name}${suffix}`,
      namespace: this.settings.chart.namespaceName,
      labels: this.settings.labels,
    };
  }

  /**
   * One rule per host, each with the routes that serve it (see `RouteTable.routesFor`).
   * Without `hosts`, the hosts that routes name get a rule each and the other routes a
   * catch-all rule.
   */
  private renderRules(): k8s.IngressRule[] {
    const { hosts, routes } = this.settings;
    const rules: { host?: string; routes: FrontDoorRoute[] }[] = (
      hosts.length > 0 ? hosts : routes.routedHosts
    ).map((host) => ({ host, routes: routes.routesFor(host) }));
    if (hosts.length === 0) rules.push({ routes: routes.routesFor(undefined) });
    return rules
      .filter((rule) => rule.routes.length > 0)
      .map(({ host, routes }) => ({
        host,
        http: {
          paths: routes.map((r) => ({
            path: r.path,
            pathType: 'Prefix',
            backend: { service: { name: r.service.name, port: { number: r.port } } },
          })),
        },
      }));
  }
}
