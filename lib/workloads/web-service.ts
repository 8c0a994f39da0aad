import { NetworkPolicies } from './network/network-policies';
import { BACKEND_CONFIG_ANNOTATION, BackendConfig } from '../gke/backend-config';
import type { PodMonitoring } from '../gke/pod-monitoring';
import { checkOneOf, fail } from '../core/errors';
import { checkFormat, isDns1035Label, isValidPortName } from '../core/apimachinery';
import type { PerEnv } from '../core/per-env';
import type { ServicePort } from './network/connections';
import { exportAcrossClusters } from './network/service-export';
import { clusterPresence } from './chart/cluster-presence';
import { type BackendRoute, routedBy, routedPath } from './front-door/backend-route';
import { checkPort } from './pod/container';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import type { BuiltBackend, LoadBalancerBackend } from './front-door/load-balancer-backend';
import {
  loadBalancerAnnotations,
  previewReach,
  type LoadBalancerServiceSpec,
} from './network/load-balancer-service';
import { createPodMonitoring, type MetricsSpec } from './pod/metrics';
import { ReplicatedWorkload, type ReplicatedWorkloadProps } from './replicated-workload';
import { checkConstructProps } from './chart/construct-props';
import { CanaryTrack, type CanarySpec, resolveCanary, TRACK_LABEL } from './release-tracks';
import { activeSelector, type BlueGreenSpec, blueGreenPair } from './blue-green';

/** The Service annotation of the protocol the load balancer speaks to each port. */
const APP_PROTOCOLS_ANNOTATION = 'cloud.google.com/app-protocols';

/** The Service in front of the pods. */
export interface ServiceSpec<E extends string = string> extends LoadBalancerServiceSpec<E> {
  /** The port clients connect to. @default 80 */
  readonly port?: number;
  /**
   * `'ClientIP'` sends every connection from one client address to the same pod, for
   * `sessionAffinityTimeoutSeconds`. kube-proxy applies it to in-cluster clients and to a
   * passthrough `LoadBalancer`; a Google application load balancer (a WebEntrypoint route)
   * sends to the pods directly (NEGs) and does not read it.
   * @default 'None'
   * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
   */
  readonly sessionAffinity?: 'None' | 'ClientIP';
  /**
   * Seconds a client stays with its pod, 1 to 86400 (`sessionAffinity: 'ClientIP'` only).
   * @default 10800 (Kubernetes' default, written out)
   */
  readonly sessionAffinityTimeoutSeconds?: number;
}

/** Props of {@link WebService}. */
export interface WebServiceProps<E extends string = string> extends ReplicatedWorkloadProps<E> {
  /** The port the main container serves HTTP (or TCP) on. */
  readonly port: number;
  /**
   * More ports of the main container, by name, each also a port of the Service with the same
   * number (e.g. `{ grpc: 9090, metrics: 9091 }`). The Service's first port stays `port`
   * (named `portName`, as `service.port`); routes and connections pick another by name.
   * @default none
   */
  readonly additionalPorts?: Readonly<Record<string, number>>;
  /** The Service's port and type. @default { port: 80, type: 'ClusterIP' } */
  readonly service?: ServiceSpec<E>;
  /**
   * Prometheus metrics to collect with Managed Service for Prometheus: a PodMonitoring that
   * selects exactly this service's pods, and, where the environment has NetworkPolicies,
   * ingress from the managed collectors (`gmp-system`) on the metrics port. `false` in an
   * environment collects nothing there.
   * @default none
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
   */
  readonly metrics?: PerEnv<MetricsSpec | false, E>;
  /**
   * A canary version beside the stable one, per environment: a Deployment and a Service
   * `<name>-canary` of the canary image whose pods carry `track: canary` (the stable pods
   * `track: stable`), with their own disruption budget. A gateway front door sends `weight`
   * percent of each route's requests to it; in-cluster clients of the Service reach the
   * stable version only. The Ingress front door cannot split by weight and refuses it.
   * `false` in an environment runs no canary there.
   * @default none
   * @see https://gateway-api.sigs.k8s.io/guides/traffic-splitting
   */
  readonly canary?: PerEnv<CanarySpec | false, E>;
  /**
   * Blue-green releases, per environment: two Deployments `<name>-blue` and `<name>-green`,
   * each of its colour's image with pods labelled `track: <colour>`, and the Service (so every
   * route and connection) selecting the active colour's pods. A switch of the active colour
   * changes the Service's selector and, where `idleReplicas` is set, the colours' counts, and
   * no pod template: neither colour restarts, and switching back is instant. Under
   * `autoscaling` each colour has its own HorizontalPodAutoscaler (the idle one's bounds are
   * `idleReplicas`, where given) and neither Deployment names `replicas`, since removing it
   * from the colour that starts serving would reset that colour to 1 pod on `kubectl apply`.
   * Turning it on replaces the Deployment `<name>` with the two colours. `false` in an
   * environment runs the single Deployment there.
   * @default none
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
   */
  readonly blueGreen?: PerEnv<BlueGreenSpec | false, E>;
}

/**
 * A long-running HTTP service: Deployment, Service, ServiceAccount, and as needed a
 * HorizontalPodAutoscaler, a PodDisruptionBudget and a ConfigMap of config files. Put it
 * behind a Google load balancer with {@link WebEntrypoint.route}.
 *
 * Pods are hardened (non-root, read-only root filesystem, no privilege escalation, no
 * capabilities, RuntimeDefault seccomp), have requests, limits and HTTP probes on
 * `/healthz`, and spread over zones.
 */
export class WebService<E extends string = string>
  extends ReplicatedWorkload<E>
  implements LoadBalancerBackend
{
  /** The Service in front of the pods, which routes and `connections` reach. */
  readonly service: k8s.KubeService;
  /** The PodMonitoring of `metrics`, where the environment collects them. */
  readonly podMonitoring?: PodMonitoring;
  /** The port clients use (the Service's first port). */
  readonly servicePort: number;
  /**
   * The Service's type: `ClusterIP` (in the cluster, or behind a WebEntrypoint) or `LoadBalancer`.
   */
  readonly serviceType: 'ClusterIP' | 'LoadBalancer';
  /** The port the main container listens on. */
  readonly containerPort: number;
  /** The cluster DNS name of the Service: `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** The readiness probe's HTTP path and port, when it is an HTTP probe (what a load balancer checks). */
  readonly httpHealthCheck?: { readonly path: string; readonly port: number };
  /** The container ports of the pod (every container's). */
  readonly declaredPorts: readonly number[];
  /** The Service's ports, by name: `port` first, then `additionalPorts`. */
  readonly servicePorts: readonly ServicePort[];
  /** The workload whose pods serve the Service: this one. */
  readonly workload = this;
  /** The canary version, where the environment runs one. */
  readonly canary?: CanaryTrack;
  private loadBalancerBackend?: BackendConfig;
  /** Which route made the BackendConfig and from which settings, to refuse a second, different one. */
  private backendSource?: { readonly route: BackendRoute; readonly key: string };

  constructor(scope: Scope<E>, id: string, props: WebServiceProps<NoInfer<E>>) {
    checkConstructProps('WebService', scope, id, props);
    // The active colour of a blue-green pair decides the main image and version.
    const pair = blueGreenPair(scope, id, props);
    super(
      scope,
      id,
      pair ? { ...props, image: pair.mainImage } : props,
      {
        kind: 'WebService',
        component: 'web',
        probes: 'default',
        additionalPorts: additionalPorts(
          `WebService '${[scope.node.path, id].filter(Boolean).join('/')}'`,
          props,
        ),
        releaseKey: pair?.releaseKey,
      },
      [],
      pair,
    );
    const where = this.where;
    // A Service's name becomes a DNS label and env var prefix: DNS-1035, so no leading digit.
    checkFormat(where, 'name', this.name, isDns1035Label);
    this.containerPort = checkPort(where, 'port', props.port);
    const serviceSpec = previewReach(this.chart, props.service ?? {});
    this.servicePort = checkPort(where, 'service.port', serviceSpec.port ?? 80);
    this.serviceType = serviceSpec.type ?? 'ClusterIP';
    this.host = `${this.name}.${this.chart.namespaceName}.svc.cluster.local`;
    this.httpHealthCheck = this.pod.main.probes?.http;
    this.declaredPorts = this.pod.template.containers.flatMap((c) =>
      c.ports.map((p) => p.containerPort),
    );

    this.servicePorts = [
      { name: this.portName, port: this.servicePort, targetPort: this.containerPort },
      ...Object.entries(props.additionalPorts ?? {}).map(([name, port]) => ({
        name,
        port,
        targetPort: port,
      })),
    ];
    const clash = this.servicePorts.slice(1).find((p) => p.port === this.servicePort);
    if (clash)
      fail(
        where,
        `additionalPorts.${clash.name}`,
        `is ${clash.port}, the Service's main port ('service.port')`,
        "give each port its own number, or change 'service.port'",
      );

    const canary = resolveCanary(
      where,
      this.chart,
      this.name,
      typeof props.image === 'object' ? props.image.repository : undefined,
      props.canary === undefined ? undefined : this.resolve(props.canary, 'canary'),
    );
    if (canary && pair)
      fail(
        where,
        'canary',
        "is set, and so is 'blueGreen', in the same environment: requests would go to both a canary and a colour",
        "run one release track per environment: set 'canary' or 'blueGreen' to false there",
      );
    // With a canary, the stable Service and budget select the stable pods only; the
    // Deployment's selector stays (it is immutable) and its ReplicaSets own their pods.
    const stable = canary
      ? this.stableTrack(props)
      : pair
        ? activeSelector(where, this.selector, pair, this.podLabels(props))
        : this.selector;
    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata(loadBalancerAnnotations(this.chart, where, 'service', serviceSpec)),
      spec: {
        type: this.serviceType,
        selector: { ...stable },
        ports: this.servicePorts.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: k8s.IntOrString.fromNumber(p.targetPort),
          protocol: 'TCP',
        })),
        loadBalancerSourceRanges:
          serviceSpec.type === 'LoadBalancer' && serviceSpec.sourceRanges
            ? [...serviceSpec.sourceRanges]
            : undefined,
        ...sessionAffinity(where, serviceSpec),
      },
    });
    this.claim('Service');
    if (this.serviceType === 'LoadBalancer')
      NetworkPolicies.of(this.chart).addLoadBalancer(
        this,
        { kind: 'passthrough', sourceRanges: serviceSpec.sourceRanges },
        // A passthrough load balancer forwards every port of the Service.
        this.servicePorts.map((p) => p.targetPort),
      );
    this.addScaling(props, stable);

    const metrics = props.metrics === undefined ? false : this.resolve(props.metrics, 'metrics');
    if (metrics) {
      const { podMonitoring, port } = createPodMonitoring(
        this,
        {
          where: this.where,
          selector: this.selector,
          namedPorts: this.servicePorts.map((p) => ({ name: p.name, port: p.targetPort })),
          declaredPorts: this.declaredPorts,
          metadata: this.metadata(),
          podLabels: canary || pair ? [TRACK_LABEL] : undefined,
        },
        metrics,
      );
      this.podMonitoring = podMonitoring;
      this.claim('PodMonitoring');
      NetworkPolicies.of(this.chart).addMetricsScraper(this, port);
    }
    if (canary)
      this.canary = new CanaryTrack(
        this,
        'canary',
        {
          where,
          name: this.name,
          chart: this.chart,
          labels: this.labels,
          selector: this.selector,
          servicePorts: this.servicePorts,
          deploymentSpec: this.deploymentSpec,
          renderTemplate: () => this.pod.template.render(),
          budget: this.resolve(props.disruptionBudget ?? { maxUnavailable: 1 }, 'disruptionBudget'),
          allowMutableTag: props.allowMutableTag ?? false,
        },
        canary,
      );
  }

  /**
   * Labels the stable pods `track: stable` and returns the labels that select them alone.
   * A passthrough load balancer cannot split by weight, so it refuses a canary.
   */
  private stableTrack(props: WebServiceProps<E>): Record<string, string> {
    if (this.serviceType === 'LoadBalancer')
      fail(
        this.where,
        'canary',
        "is set, but the Service is a passthrough 'LoadBalancer', which cannot split requests by weight",
        "route to the service through a WebEntrypoint with frontDoor 'gateway', or leave the canary out",
      );
    const podLabels =
      props.podLabels === undefined ? {} : this.resolve(props.podLabels, 'podLabels');
    if (TRACK_LABEL in podLabels)
      fail(
        this.where,
        `podLabels.${TRACK_LABEL}`,
        'is set, but the canary labels the pods of each track with it',
        `give the label another name than '${TRACK_LABEL}'`,
      );
    const track = { [TRACK_LABEL]: 'stable' };
    this.pod.template.addLabels(track);
    return { ...this.selector, ...track };
  }

  /** The `podLabels` prop, resolved for the environment. */
  private podLabels(props: WebServiceProps<E>): Readonly<Record<string, string>> {
    return props.podLabels === undefined ? {} : this.resolve(props.podLabels, 'podLabels');
  }

  /**
   * Exports the Service to the other clusters of its environment (its ServiceExport), once:
   * clients on clusters the WebService does not run on reach it there.
   */
  exportToClusters(): void {
    exportAcrossClusters(this);
  }

  /**
   * In an environment of several clusters, the clusters the WebService runs on (its
   * `clusters`); undefined in an environment of one.
   */
  get runsOnClusters(): readonly string[] | undefined {
    return clusterPresence(this)?.clusters;
  }

  /** The BackendConfig of the load balancer's health check, once an entrypoint routes here. */
  get backendConfig(): BackendConfig | undefined {
    return this.loadBalancerBackend;
  }

  /** The readiness probe's timing, which a load balancer's health check follows. */
  get readinessProbe(): LoadBalancerBackend['readinessProbe'] {
    return this.pod.main.probes?.readiness;
  }

  /** Annotates the Service (e.g. for NEGs and BackendConfigs when a WebEntrypoint routes to it). */
  addServiceAnnotations(annotations: Record<string, string>): void {
    const source = this.backendSource?.route;
    for (const key of [BACKEND_CONFIG_ANNOTATION, APP_PROTOCOLS_ANNOTATION])
      if (key in annotations && source)
        fail(
          this.where,
          'addServiceAnnotations',
          `sets '${key}', but ${routedBy(source)} routes '${routedPath(source)}' here and its BackendConfig '${this.name}' (health check, options) would be detached`,
          'give the settings as route options (timeoutSeconds, cdn, iap, securityPolicy, …) instead of a BackendConfig of your own',
        );
    for (const [key, value] of Object.entries(annotations))
      this.service.metadata.addAnnotation(key, value);
  }

  /**
   * Makes this service a Google load balancer backend, once, however many entrypoints route
   * to it: container-native load balancing (NEG) and a BackendConfig with `backend`'s
   * settings, whose health check is the readiness probe's path and port, so the load balancer
   * and Kubernetes agree. A WebEntrypoint calls it for each route to this service.
   * @param route who routes here, for errors
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
   */
  addIngressBackend(route: BackendRoute, backend: BuiltBackend): BackendConfig {
    const key = JSON.stringify(backend);
    const by = routedBy(route);
    const path = routedPath(route);
    if (this.loadBalancerBackend && this.backendSource) {
      // ingress-gce reads one BackendConfig per Service port (backendconfig.GetBackendConfigForServicePort)
      // and makes one backend service per Service port, shared by every Ingress path to it.
      const first = this.backendSource.route;
      if (this.backendSource.key !== key)
        fail(
          by,
          'route',
          `sends '${path}' to ${this.where} with load balancer options that differ from those of '${routedPath(first)}' (${routedBy(first)}), but GKE keeps one BackendConfig and one backend service per Service port`,
          'give both routes the same options, or route the second path to a WebService of its own',
        );
      return this.loadBalancerBackend;
    }
    const existing = this.service.metadata.toJson().annotations?.[BACKEND_CONFIG_ANNOTATION];
    if (existing !== undefined)
      fail(
        by,
        'route',
        `sends '${path}' to ${this.where}, whose Service already names a BackendConfig of its own (${existing})`,
        "give the settings as route options instead, so that the route's BackendConfig keeps the readiness health check",
      );
    this.backendSource = { route, key };
    const config = new BackendConfig(this, 'backend-config', {
      metadata: this.metadata(),
      ...backend.config,
    });
    this.loadBalancerBackend = config;
    this.claim('BackendConfig');
    const annotations: Record<string, string> = {
      'cloud.google.com/neg': '{"ingress": true}',
      ...BackendConfig.serviceAnnotations({ default: config }),
    };
    if (backend.protocol !== 'HTTP') {
      // Keyed by Service port name. @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_backend
      annotations[APP_PROTOCOLS_ANNOTATION] = JSON.stringify({ [this.portName]: backend.protocol });
      this.probeOverTls();
    }
    for (const [k, value] of Object.entries(annotations))
      this.service.metadata.addAnnotation(k, value);
    const ours = annotations[BACKEND_CONFIG_ANNOTATION];
    // An annotation set later through the escape hatch would detach the route's BackendConfig.
    this.node.addValidation({
      validate: () => {
        const now = this.service.metadata.toJson().annotations?.[BACKEND_CONFIG_ANNOTATION];
        return now === ours
          ? []
          : fail(
              this.where,
              BACKEND_CONFIG_ANNOTATION,
              `is ${JSON.stringify(now)}, but ${by} routes '${path}' here with BackendConfig '${this.name}', which would be left detached`,
              'give the settings as route options instead of replacing the annotation',
            );
      },
    });
    return config;
  }

  /**
   * A backend the load balancer reaches over TLS serves TLS on its port, so the main
   * container's HTTP probes must use HTTPS too (the kubelet does not verify the certificate).
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#HTTPGetAction
   */
  private probeOverTls(): void {
    this.pod.template.main.probeOverTls();
  }
}

/** Default of `sessionAffinityConfig.clientIP.timeoutSeconds` (SetDefaults_Service). */
const DEFAULT_AFFINITY_SECONDS = 10800;
/** `core.MaxClientIPServiceAffinitySeconds`, which validateAffinityTimeout enforces. */
const MAX_AFFINITY_SECONDS = 86400;

function sessionAffinity(
  where: string,
  spec: ServiceSpec,
): Pick<k8s.ServiceSpec, 'sessionAffinity' | 'sessionAffinityConfig'> {
  const affinity = spec.sessionAffinity ?? 'None';
  checkOneOf(where, 'service.sessionAffinity', affinity, ['None', 'ClientIP']);
  if (affinity === 'None') {
    if (spec.sessionAffinityTimeoutSeconds !== undefined)
      fail(
        where,
        'service.sessionAffinityTimeoutSeconds',
        "is set, but 'sessionAffinity' is not 'ClientIP'",
        "set 'sessionAffinity: 'ClientIP'', or leave the timeout out",
      );
    return {};
  }
  const seconds = spec.sessionAffinityTimeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_AFFINITY_SECONDS)
    fail(
      where,
      'service.sessionAffinityTimeoutSeconds',
      `is ${seconds}`,
      `use a whole number of seconds from 1 to ${MAX_AFFINITY_SECONDS} (a day)`,
    );
  return {
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIp: { timeoutSeconds: seconds } },
  };
}

/**
 * The main container's `additionalPorts`, checked before the pod is rendered: IANA service
 * names (container port names, IsValidPortName), none the main port's name, valid numbers.
 */
function additionalPorts(
  where: string,
  props: WebServiceProps,
): { name: string; containerPort: number }[] {
  const mainName = props.portName ?? 'http';
  return Object.entries(props.additionalPorts ?? {}).map(([name, port]) => {
    const prop = `additionalPorts.${name}`;
    checkFormat(where, prop, name, isValidPortName);
    if (name === mainName)
      fail(
        where,
        prop,
        `is named like the main port ('${mainName}')`,
        "give it another name, or change 'portName'",
      );
    checkPort(where, prop, port);
    if (port === props.port)
      fail(where, prop, `is ${port}, the main 'port'`, 'give each port its own number');
    return { name, containerPort: port };
  });
}
