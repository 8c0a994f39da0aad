import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendConfig } from '../gke/backend-config';
import { FrontendConfig } from '../gke/frontend-config';
import { ManagedCertificate } from '../gke/managed-certificate';
import { fail } from '../platform/errors';
import { checkDnsLabel, checkHostName } from '../platform/naming';
import type { PerEnv } from '../platform/per-env';
import { EnvironmentChart } from './environment-chart';
import { k8s } from './kube';
import { standardLabels } from './labels';
import type { WebService } from './web-service';

/** Props of {@link WebEntrypoint}. */
export interface WebEntrypointProps<E extends string = string> {
  /** The Ingress's name, and the prefix of its certificate and frontend config. @default the construct id */
  readonly name?: string;
  /**
   * A declared static IP, by key: global for an external load balancer, regional for an
   * internal one. @default an ephemeral IP (it changes if the Ingress is recreated)
   */
  readonly staticIp?: PerEnv<string | undefined, E>;
  /** The host names served. Routes without a host serve all of them. @default any host */
  readonly hosts?: PerEnv<readonly string[], E>;
  /** A Google-managed certificate for `hosts` (external load balancers only). @default true when hosts are given */
  readonly managedCertificate?: boolean;
  /** Redirect HTTP to HTTPS (external load balancers only). @default true with a managed certificate */
  readonly redirectToHttps?: boolean;
  /** Serve plain HTTP at all; `false` closes port 80. @default true */
  readonly allowHttp?: boolean;
  /** An internal Application Load Balancer (`gce-internal`) instead of an external one. @default false */
  readonly internal?: boolean;
  /** A Compute Engine SSL policy by name, e.g. one that requires TLS 1.2. @default GKE's default policy */
  readonly sslPolicy?: string;
}

/** Where one route sends requests. */
export interface RouteOptions {
  /** Only requests for this host. @default every host of the entrypoint */
  readonly host?: string;
}

interface Route {
  readonly host?: string;
  readonly path: string;
  readonly service: WebService;
}

/**
 * A GKE Ingress shared by several WebServices, routed by host and path (`/` to the main
 * app, `/sub-app/` to a second one). It is right for GKE by construction: the `gce` class
 * by annotation (GKE ignores `ingressClassName`), container-native load balancing (NEG) on
 * every backend Service, a BackendConfig whose health check is the backend's readiness
 * probe, a static IP by name, Google-managed certificates and an HTTPS redirect.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress
 */
export class WebEntrypoint<E extends string = string> extends Construct {
  readonly name: string;
  readonly ingress: k8s.KubeIngress;
  readonly certificate?: ManagedCertificate;
  readonly frontendConfig?: FrontendConfig;
  private readonly chart: EnvironmentChart<E>;
  private readonly where: string;
  private readonly hosts: readonly string[];
  private readonly routes: Route[] = [];
  private readonly backendConfigs = new Map<WebService, BackendConfig>();

  constructor(scope: EnvironmentChart<E>, id: string, props: WebEntrypointProps<NoInfer<E>> = {}) {
    super(scope, id);
    this.chart = EnvironmentChart.of(this) as EnvironmentChart<E>;
    this.where = `WebEntrypoint '${this.node.path}'`;
    const where = this.where;
    this.name = checkDnsLabel(where, 'name', props.name ?? id, 50);
    const env = this.chart.environment.name;
    const resolve = <T>(value: PerEnv<T, E>, prop: string) =>
      this.chart.resolve(value, `${where}: '${prop}'`);
    this.hosts = (resolve(props.hosts ?? [], 'hosts') as readonly string[]).map((h) =>
      checkHostName(where, 'hosts', h),
    );
    const internal = props.internal ?? false;
    const certificate = props.managedCertificate ?? this.hosts.length > 0;
    const redirect = props.redirectToHttps ?? certificate;
    if (certificate && this.hosts.length === 0)
      fail(
        where,
        'managedCertificate',
        'is true, but no hosts are given',
        "list the host names in 'hosts'",
      );
    if (internal && (certificate || redirect)) {
      fail(
        where,
        'internal',
        'is true, but Google-managed certificates and the HTTPS redirect exist only for external load balancers',
        "set 'managedCertificate: false' and 'redirectToHttps: false', or make the entrypoint external",
      );
    }
    if (redirect && !certificate)
      fail(
        where,
        'redirectToHttps',
        'is true, but there is no certificate to redirect to',
        "give 'hosts' for a managed certificate, or set 'redirectToHttps: false'",
      );
    if (redirect && props.allowHttp === false)
      fail(
        where,
        'allowHttp',
        'is false, but the HTTPS redirect is served on HTTP',
        "leave 'allowHttp' on, or set 'redirectToHttps: false'",
      );

    const labels = standardLabels({
      name: this.name,
      environment: env,
      partOf: this.chart.platform.name,
      component: 'entrypoint',
    });
    const metadata = (suffix: string) => ({
      name: `${this.name}${suffix}`,
      namespace: this.chart.namespaceName,
      labels,
    });
    const annotations: Record<string, string> = {
      // GKE acts on the annotation only; with just spec.ingressClassName it creates no load balancer.
      // @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
      'kubernetes.io/ingress.class': internal ? 'gce-internal' : 'gce',
    };
    const ipKey = props.staticIp === undefined ? undefined : resolve(props.staticIp, 'staticIp');
    if (ipKey !== undefined) {
      const ip = this.chart.platform.staticIp(
        env,
        ipKey,
        internal ? 'regional' : 'global',
        where,
        'staticIp',
      );
      annotations[
        internal
          ? 'kubernetes.io/ingress.regional-static-ip-name'
          : 'kubernetes.io/ingress.global-static-ip-name'
      ] = ip.name;
    }
    if (certificate) {
      this.certificate = new ManagedCertificate(this, 'certificate', {
        metadata: metadata('-cert'),
        domains: this.hosts,
      });
      this.chart.claimName('ManagedCertificate', this.certificate.name, this);
      Object.assign(annotations, this.certificate.ingressAnnotations());
    }
    if (redirect || props.sslPolicy) {
      this.frontendConfig = new FrontendConfig(this, 'frontend', {
        metadata: metadata('-frontend'),
        redirectToHttps: redirect,
        sslPolicy: props.sslPolicy,
      });
      this.chart.claimName('FrontendConfig', this.frontendConfig.name, this);
      Object.assign(annotations, FrontendConfig.ingressAnnotations(this.frontendConfig));
    }
    if (props.allowHttp === false) annotations['kubernetes.io/ingress.allow-http'] = 'false';

    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { ...metadata(''), annotations },
      spec: {
        rules: Lazy.any({ produce: () => this.renderRules() }) as unknown as k8s.IngressRule[],
      },
    });
    this.chart.claimName('Ingress', this.name, this);
  }

  /**
   * Sends requests for `path` (a prefix) to `service`. The service needs an HTTP readiness
   * probe: it becomes the load balancer's health check.
   */
  route(path: string, service: WebService, options: RouteOptions = {}): void {
    const where = this.where;
    if (service.chart !== this.chart)
      fail(
        where,
        'route',
        `sends '${path}' to ${service.where}, which is in another environment`,
        'route to a service of the same environment',
      );
    if (!/^\/[-A-Za-z0-9._~%!$&'()*+,;=:@/]*$/.test(path))
      fail(
        where,
        'route',
        `has path '${path}'`,
        "give a path starting with '/', e.g. '/' or '/sub-app/'",
      );
    const host =
      options.host === undefined ? undefined : checkHostName(where, 'route', options.host);
    if (host && this.hosts.length > 0 && !this.hosts.includes(host))
      fail(
        where,
        'route',
        `has host '${host}', which is not one of the entrypoint's hosts`,
        `use one of ${this.hosts.join(', ')} or add it to 'hosts'`,
      );
    if (this.routes.some((r) => r.host === host && r.path === path))
      fail(
        where,
        'route',
        `has '${host ?? '*'}${path}' twice`,
        'route each host and path to one service',
      );
    const health = service.httpHealthCheck;
    if (!health) {
      fail(
        service.where,
        'health',
        `gives no HTTP readiness probe, but ${where} routes '${path}' to it and the load balancer would check '/' instead`,
        'give \'health: { path: "/healthz" }\' (an HTTP path that answers 200)',
      );
    }
    if (service.serviceType === 'LoadBalancer')
      fail(
        where,
        'route',
        `sends '${path}' to ${service.where}, a LoadBalancer Service`,
        'route only to ClusterIP services',
      );
    if (!this.backendConfigs.has(service)) {
      const backend = new BackendConfig(this, `backend-${service.name}`, {
        metadata: {
          name: service.name,
          namespace: this.chart.namespaceName,
          labels: { ...service.labels },
        },
        // The same path and port as the readiness probe, so the load balancer and Kubernetes agree.
        healthCheck: { type: 'HTTP', requestPath: health.path, port: health.port },
      });
      this.chart.claimName('BackendConfig', service.name, this);
      this.backendConfigs.set(service, backend);
      service.addServiceAnnotations({
        // Container-native load balancing: the load balancer sends to pod IPs directly.
        // @see https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing
        'cloud.google.com/neg': '{"ingress": true}',
        ...BackendConfig.serviceAnnotations({ default: backend }),
      });
    }
    this.routes.push({ host, path, service });
  }

  private renderRules(): k8s.IngressRule[] {
    if (this.routes.length === 0)
      fail(this.where, 'route', 'was never called', 'route at least one path to a WebService');
    const hosts: (string | undefined)[] = this.hosts.length > 0 ? [...this.hosts] : [undefined];
    return hosts
      .map((host) => ({
        host,
        http: {
          paths: this.routes
            .filter((r) => r.host === undefined || r.host === host)
            .map((r) => ({
              path: r.path,
              pathType: 'Prefix',
              backend: {
                service: { name: r.service.name, port: { number: r.service.servicePort } },
              },
            })),
        },
      }))
      .filter((rule) => rule.http.paths.length > 0);
  }
}
