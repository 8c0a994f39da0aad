import { BackendConfig } from '../gke/backend-config';
import type { PodMonitoring } from '../gke/pod-monitoring';
import { checkWholeNumber, fail } from '../platform/errors';
import {
  checkFormat,
  isCIdentifier,
  isDns1035Label,
  isValidCidr,
} from '../validate/semantic/apimachinery';
import type { PerEnv } from '../platform/per-env';
import { checkPort } from './container';
import type { Scope } from './environment-chart';
import { k8s } from './kube';
import { createPodMonitoring, type MetricsSpec } from './metrics';
import { Workload, type WorkloadProps } from './workload';

/** A HorizontalPodAutoscaler's bounds and targets. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU use, as a percentage of the request. @default 70, unless only memory is set */
  readonly cpuUtilization?: number;
  /** Target average memory use, as a percentage of the request. @default none */
  readonly memoryUtilization?: number;
}

/** The Service in front of the pods. */
export interface ServiceSpec {
  /** The port clients connect to. @default 80 */
  readonly port?: number;
  /**
   * `ClusterIP` is reachable inside the cluster at `<name>`; `LoadBalancer` gets a Google
   * passthrough load balancer (external, or internal with `internal: true`).
   * @default 'ClusterIP'
   */
  readonly type?: 'ClusterIP' | 'LoadBalancer';
  /** For `LoadBalancer`: a declared regional static IP, by key. @default an ephemeral IP */
  readonly staticIp?: PerEnv<string | undefined>;
  /** For `LoadBalancer`: an internal load balancer in the VPC. @default false */
  readonly internal?: boolean;
  /** For `LoadBalancer`: the client ranges allowed through the firewall. @default any */
  readonly sourceRanges?: readonly string[];
}

/** A PodDisruptionBudget's bound. */
export interface DisruptionBudgetSpec {
  /** Pods that voluntary disruptions may take down at once (count ≥ 1 or percentage > 0%). */
  readonly maxUnavailable: number | string;
}

/** Props of {@link WebService}. */
export interface WebServiceProps<E extends string = string> extends WorkloadProps<E> {
  /** The port the main container serves HTTP (or TCP) on. */
  readonly port: number;
  /** Fixed replica count, where `autoscaling` is off. @default 2 */
  readonly replicas?: PerEnv<number, E>;
  /** A HorizontalPodAutoscaler, or `false` for a fixed count. @default false */
  readonly autoscaling?: PerEnv<AutoscalingSpec | false, E>;
  /** Extra pods during a rollout (count or percentage). @default '25%' */
  readonly maxSurge?: number | string;
  /** Pods that may be down during a rollout (count or percentage, at most '100%'). @default 0 */
  readonly maxUnavailable?: number | string;
  /**
   * The PodDisruptionBudget, emitted whenever more than one pod can run: how many pods a
   * node drain or upgrade may take down at once (at least 1, so drains never block), or
   * `false` for none.
   * @default { maxUnavailable: 1 }
   */
  readonly disruptionBudget?: PerEnv<DisruptionBudgetSpec | false, E>;
  /** Old ReplicaSets kept for `kubectl rollout undo`. @default 5 */
  readonly revisionHistoryLimit?: number;
  /** Spread pods over zones (and nodes) of a regional cluster. @default true */
  readonly zoneSpread?: boolean;
  /** @default { port: 80, type: 'ClusterIP' } */
  readonly service?: ServiceSpec;
  /**
   * Other services this one talks to, by environment-variable prefix: `{ REDIS: redis }` sets
   * `REDIS_HOST` (the Service's cluster DNS name) and `REDIS_PORT`.
   * @default none
   */
  readonly connections?: Readonly<Record<string, WebService>>;
  /**
   * Prometheus metrics to collect with Managed Service for Prometheus: a PodMonitoring that
   * selects exactly this service's pods, and, where the environment has NetworkPolicies,
   * ingress from the managed collectors (`gmp-system`) on the metrics port. `false` in an
   * environment collects nothing there.
   * @default none
   * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
   */
  readonly metrics?: PerEnv<MetricsSpec | false, E>;
}

const PERCENT = /^\d+%$/;

/**
 * A count or percentage, as ValidatePositiveIntOrPercent (kubernetes
 * pkg/apis/apps/validation) takes it; `maxPercent` mirrors IsNotMoreThan100Percent.
 */
function intOrPercent(
  where: string,
  prop: string,
  value: number | string,
  maxPercent = Infinity,
): k8s.IntOrString {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
    return k8s.IntOrString.fromNumber(value);
  if (typeof value === 'string' && PERCENT.test(value)) {
    if (parseInt(value, 10) > maxPercent)
      fail(where, prop, `is '${value}'`, `use at most '${maxPercent}%'`);
    return k8s.IntOrString.fromString(value);
  }
  return fail(
    where,
    prop,
    `is ${JSON.stringify(value)}`,
    "use a whole number (2) or a percentage ('25%')",
  );
}

/** Whether an int-or-percent is zero (0 or '0%'). */
const isZero = (value: number | string) => value === 0 || value === '0%';

function rollingUpdate(where: string, props: WebServiceProps): k8s.RollingUpdateDeployment {
  const maxSurge = props.maxSurge ?? '25%';
  const maxUnavailable = props.maxUnavailable ?? 0;
  const update = {
    maxSurge: intOrPercent(where, 'maxSurge', maxSurge),
    maxUnavailable: intOrPercent(where, 'maxUnavailable', maxUnavailable, 100),
  };
  // ValidateRollingUpdateDeployment: a rollout with neither surge nor unavailability cannot progress.
  if (isZero(maxSurge) && isZero(maxUnavailable)) {
    fail(
      where,
      'maxSurge',
      `is ${JSON.stringify(maxSurge)} and 'maxUnavailable' is ${JSON.stringify(maxUnavailable)}, so a rollout could never replace a pod`,
      "let one of them be above 0 (the default is maxSurge '25%', maxUnavailable 0)",
    );
  }
  return update;
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
export class WebService<E extends string = string> extends Workload<E> {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The PodMonitoring of `metrics`, where the environment collects them. */
  readonly podMonitoring?: PodMonitoring;
  /** The port clients use. */
  readonly servicePort: number;
  readonly serviceType: 'ClusterIP' | 'LoadBalancer';
  /** The port the main container listens on. */
  readonly containerPort: number;
  /** The cluster DNS name of the Service: `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** The readiness probe's HTTP path and port, when it is an HTTP probe (what a load balancer checks). */
  readonly httpHealthCheck?: { readonly path: string; readonly port: number };
  /** The container ports of the pod (every container's). */
  readonly declaredPorts: readonly number[];
  private loadBalancerBackend?: BackendConfig;

  constructor(scope: Scope<E>, id: string, props: WebServiceProps<NoInfer<E>>) {
    super(
      scope,
      id,
      props,
      { kind: 'WebService', component: 'web', probes: 'default' },
      connectionEnv(
        `WebService '${[scope.node.path, id].filter(Boolean).join('/')}'`,
        props.connections,
      ),
    );
    const where = this.where;
    // A Service's name becomes a DNS label and env var prefix: DNS-1035, so no leading digit.
    checkFormat(where, 'name', this.name, isDns1035Label);
    this.containerPort = checkPort(where, 'port', props.port);
    const serviceSpec = props.service ?? {};
    this.servicePort = checkPort(where, 'service.port', serviceSpec.port ?? 80);
    this.serviceType = serviceSpec.type ?? 'ClusterIP';
    this.host = `${this.name}.${this.chart.namespaceName}.svc.cluster.local`;
    this.httpHealthCheck = this.pod.main.probes?.http;
    this.declaredPorts = (this.pod.template.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => p.containerPort),
    );

    const autoscaling = this.resolve(props.autoscaling ?? false, 'autoscaling');
    const replicas = this.resolve(props.replicas ?? 2, 'replicas');
    if (!Number.isInteger(replicas) || replicas < 0)
      fail(where, 'replicas', `is ${replicas}`, 'use a whole number, 0 or more');
    if (autoscaling) checkAutoscaling(where, autoscaling);
    const maxPods = autoscaling ? autoscaling.maxReplicas : replicas;

    for (const [prefix, target] of Object.entries(props.connections ?? {})) {
      if (target.chart !== this.chart) {
        fail(
          where,
          `connections.${prefix}`,
          `is ${target.where}, which is in another environment`,
          'connect to a service of the same environment',
        );
      }
      this.chart.networkPolicies.connect(this, target);
    }
    const podSpec = this.pod.template.spec as k8s.PodSpec;
    const template: k8s.PodTemplateSpec =
      (props.zoneSpread ?? true)
        ? {
            ...this.pod.template,
            spec: { ...podSpec, topologySpreadConstraints: this.spreadConstraints() },
          }
        : this.pod.template;

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: this.metadata(),
      spec: {
        // With an autoscaler, the HPA owns the count; a fixed `replicas` would fight it on every apply.
        replicas: autoscaling ? undefined : replicas,
        revisionHistoryLimit: checkWholeNumber(
          where,
          'revisionHistoryLimit',
          props.revisionHistoryLimit ?? 5,
          0,
        ),
        selector: { matchLabels: { ...this.selector } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: rollingUpdate(where, props as WebServiceProps),
        },
        template,
      },
    });
    this.claim('Deployment');

    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata(this.loadBalancerAnnotations(serviceSpec)),
      spec: {
        type: this.serviceType,
        selector: { ...this.selector },
        ports: [
          {
            name: this.portName,
            port: this.servicePort,
            targetPort: k8s.IntOrString.fromNumber(this.containerPort),
            protocol: 'TCP',
          },
        ],
        loadBalancerSourceRanges:
          serviceSpec.type === 'LoadBalancer' && serviceSpec.sourceRanges
            ? [...serviceSpec.sourceRanges]
            : undefined,
      },
    });
    this.claim('Service');
    if (this.serviceType === 'LoadBalancer')
      this.chart.networkPolicies.addLoadBalancer(this, {
        kind: 'passthrough',
        sourceRanges: serviceSpec.sourceRanges,
      });

    if (autoscaling) {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: this.metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
          minReplicas: autoscaling.minReplicas,
          maxReplicas: autoscaling.maxReplicas,
          metrics: autoscalingMetrics(autoscaling),
        },
      });
      this.claim('HorizontalPodAutoscaler');
    }

    const budget = this.resolve(
      props.disruptionBudget ?? { maxUnavailable: 1 },
      'disruptionBudget',
    );
    if (maxPods > 1 && budget !== false) {
      if (isZero(budget.maxUnavailable)) {
        fail(
          where,
          'disruptionBudget.maxUnavailable',
          `is ${JSON.stringify(budget.maxUnavailable)}, which would block every node drain and GKE upgrade`,
          "allow at least 1 (or a percentage above '0%'), or set 'disruptionBudget: false'",
        );
      }
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: this.metadata(),
        spec: {
          // maxUnavailable (not minAvailable) keeps node drains possible at any replica count.
          maxUnavailable: intOrPercent(
            where,
            'disruptionBudget.maxUnavailable',
            budget.maxUnavailable,
            100,
          ),
          selector: { matchLabels: { ...this.selector } },
        },
      });
      this.claim('PodDisruptionBudget');
    }

    const metrics = props.metrics === undefined ? false : this.resolve(props.metrics, 'metrics');
    if (metrics) {
      const { podMonitoring, port } = createPodMonitoring(
        this,
        {
          where,
          selector: this.selector,
          portName: this.portName,
          containerPort: this.containerPort,
          declaredPorts: this.declaredPorts,
          metadata: this.metadata(),
        },
        metrics,
      );
      this.podMonitoring = podMonitoring;
      this.claim('PodMonitoring');
      this.chart.networkPolicies.addMetricsScraper(this, port);
    }
  }

  /** The BackendConfig of the load balancer's health check, once an entrypoint routes here. */
  get backendConfig(): BackendConfig | undefined {
    return this.loadBalancerBackend;
  }

  /** Annotates the Service (e.g. for NEGs and BackendConfigs when a WebEntrypoint routes to it). */
  addServiceAnnotations(annotations: Record<string, string>): void {
    for (const [key, value] of Object.entries(annotations))
      this.service.metadata.addAnnotation(key, value);
  }

  /**
   * Makes this service a Google load balancer backend, once, however many entrypoints route
   * to it: container-native load balancing (NEG) and a BackendConfig whose health check is
   * the readiness probe's path and port, so the load balancer and Kubernetes agree.
   * @param where the entrypoint asking, for errors
   * @param path the path it routes here, for errors
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
   */
  asLoadBalancerBackend(where: string, path: string): BackendConfig {
    if (this.loadBalancerBackend) return this.loadBalancerBackend;
    const health = this.httpHealthCheck;
    if (!health) {
      fail(
        this.where,
        'health',
        `gives no HTTP readiness probe, but ${where} routes '${path}' to it and the load balancer would check '/' instead`,
        'give \'health: { path: "/healthz" }\' (an HTTP path that answers 200)',
      );
    }
    if (!this.declaredPorts.includes(health.port)) {
      fail(
        this.where,
        'health.port',
        `is ${health.port}, which no container of the pod declares, so the load balancer's health check would find nothing listening`,
        `probe a declared port (${this.declaredPorts.join(', ')}), or declare ${health.port} as a container 'port'`,
      );
    }
    if (this.serviceType === 'LoadBalancer') {
      fail(
        where,
        'route',
        `sends '${path}' to ${this.where}, a LoadBalancer Service`,
        'route only to ClusterIP services',
      );
    }
    this.loadBalancerBackend = new BackendConfig(this, 'backend-config', {
      metadata: this.metadata(),
      healthCheck: { type: 'HTTP', requestPath: health.path, port: health.port },
    });
    this.claim('BackendConfig');
    this.addServiceAnnotations({
      'cloud.google.com/neg': '{"ingress": true}',
      ...BackendConfig.serviceAnnotations({ default: this.loadBalancerBackend }),
    });
    return this.loadBalancerBackend;
  }

  private spreadConstraints(): k8s.TopologySpreadConstraint[] {
    return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      maxSkew: 1,
      topologyKey,
      // ScheduleAnyway: a zone outage or a small cluster must not leave pods Pending.
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...this.selector } },
    }));
  }

  private loadBalancerAnnotations(spec: ServiceSpec): Record<string, string> | undefined {
    for (const range of spec.sourceRanges ?? []) {
      checkFormat(this.where, 'service.sourceRanges', range, isValidCidr);
    }
    if ((spec.type ?? 'ClusterIP') !== 'LoadBalancer') {
      if (
        spec.staticIp !== undefined ||
        spec.internal !== undefined ||
        spec.sourceRanges !== undefined
      ) {
        fail(
          this.where,
          'service.type',
          "is 'ClusterIP', but 'staticIp', 'internal' or 'sourceRanges' is set",
          "set 'type: LoadBalancer', or leave those out",
        );
      }
      return undefined;
    }
    const annotations: Record<string, string> = {};
    // @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
    if (spec.internal) annotations['networking.gke.io/load-balancer-type'] = 'Internal';
    const key =
      spec.staticIp === undefined
        ? undefined
        : this.resolve(spec.staticIp as PerEnv<string | undefined, E>, 'service.staticIp');
    if (key !== undefined) {
      const ip = this.chart.platform.staticIp(
        this.chart.environment.name,
        key,
        'regional',
        this.where,
        'service.staticIp',
      );
      if (ip.internal !== (spec.internal ?? false)) {
        fail(
          this.where,
          'service.staticIp',
          `is '${key}', an ${ip.internal ? 'internal' : 'external'} address, for an ${spec.internal ? 'internal' : 'external'} load balancer`,
          "declare the address with the same 'internal' setting as the Service",
        );
      }
      // GKE binds a reserved regional address by name (GKE 1.29+), so no IP literal is needed.
      // @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters#static-ip
      annotations['networking.gke.io/load-balancer-ip-addresses'] = ip.name;
    }
    return Object.keys(annotations).length > 0 ? annotations : undefined;
  }
}

function checkAutoscaling(where: string, a: AutoscalingSpec): void {
  if (!Number.isInteger(a.minReplicas) || a.minReplicas < 1)
    fail(where, 'autoscaling.minReplicas', `is ${a.minReplicas}`, 'use a whole number, at least 1');
  if (!Number.isInteger(a.maxReplicas))
    fail(where, 'autoscaling.maxReplicas', `is ${a.maxReplicas}`, 'use a whole number');
  if (a.minReplicas > a.maxReplicas) {
    fail(
      where,
      'autoscaling.minReplicas',
      `(${a.minReplicas}) is greater than 'maxReplicas' (${a.maxReplicas})`,
      `make 'minReplicas' ≤ 'maxReplicas'`,
    );
  }
  for (const [prop, value] of [
    ['cpuUtilization', a.cpuUtilization],
    ['memoryUtilization', a.memoryUtilization],
  ] as const) {
    // A target above 100% of the request is valid: the pods then run above their request.
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      fail(
        where,
        `autoscaling.${prop}`,
        `is ${value}`,
        'use a whole percentage of the request, at least 1',
      );
    }
  }
}

function autoscalingMetrics(a: AutoscalingSpec): k8s.MetricSpecV2[] {
  const cpu = a.cpuUtilization ?? (a.memoryUtilization === undefined ? 70 : undefined);
  const targets = [
    ['cpu', cpu],
    ['memory', a.memoryUtilization],
  ] as const;
  return targets
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization: value } },
    }));
}

/** `<PREFIX>_HOST` and `<PREFIX>_PORT` for each connection; `where` names the WebService. */
function connectionEnv(
  where: string,
  connections: Readonly<Record<string, WebService>> | undefined,
): k8s.EnvVar[] {
  for (const prefix of Object.keys(connections ?? {})) {
    checkFormat(where, `connections.${prefix}`, prefix, isCIdentifier);
  }
  return Object.entries(connections ?? {}).flatMap(([prefix, target]) => [
    { name: `${prefix}_HOST`, value: target.host },
    { name: `${prefix}_PORT`, value: String(target.servicePort) },
  ]);
}
