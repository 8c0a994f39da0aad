import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkWholeNumber, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import { previewScaling } from './chart/preview';
import {
  createDisruptionBudget,
  type DisruptionBudgetSpec,
  intOrPercent,
  isZero,
} from './pod/disruption-budget';
import { type ZoneSpread, zoneSpreadConstraints } from './pod/zone-spread';
import { checkOnePodPerNode } from './pod/placement';
import { type AutoscalingMetric, renderAutoscalingMetric } from './pod/autoscaling-metrics';
import { candidatePools, knownZones } from './storage/storage-classes';
import { type ClusterChoice, type ClusterPlacement, chartPools } from './pod/cluster-placement';
import { Workload, type WorkloadKind, type WorkloadProps } from './workload';
import {
  type BlueGreenColour,
  type BlueGreenPair,
  COLOURS,
  type ColourParts,
  colourParts,
  colourPods,
  colourScale,
} from './blue-green';

export { budgetMaxUnavailable, type DisruptionBudgetSpec } from './pod/disruption-budget';
export type { ZoneSpread } from './pod/zone-spread';

/** A HorizontalPodAutoscaler's bounds and targets. */
export interface AutoscalingSpec {
  /** The fewest pods the autoscaler keeps (at least 1). */
  readonly minReplicas: number;
  /** The most pods the autoscaler runs (at least `minReplicas`). */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, as a percentage of the request.
   * @default 70, unless `memoryUtilization` or `metrics` is set
   */
  readonly cpuUtilization?: number;
  /** Target average memory use, as a percentage of the request. @default none */
  readonly memoryUtilization?: number;
  /**
   * Custom and external metrics to scale on beside (or instead of) CPU and memory: a Pub/Sub
   * subscription's backlog, a Managed Prometheus metric of the pods, a metric of another
   * object. The cluster needs GKE's Custom Metrics Stackdriver Adapter to serve them. With
   * metrics and no `cpuUtilization`, CPU is not a target.
   * @default none
   * @see https://cloud.google.com/kubernetes-engine/docs/tutorials/autoscaling-metrics
   */
  readonly metrics?: readonly AutoscalingMetric[];
}

/** Props of a workload that runs as a Deployment: {@link WebService} and {@link Worker}. */
export interface ReplicatedWorkloadProps<E extends string = string> extends WorkloadProps<E> {
  /** Fixed replica count, where `autoscaling` is off. @default 2 */
  readonly replicas?: PerEnv<number, E>;
  /**
   * In an environment of several clusters: the clusters the pods run on, `'all'`, a list of
   * names, or a replica count per cluster (`{ euw1: 3, ane1: 2 }`). A count replaces
   * `replicas` on its cluster; with `autoscaling` it is that cluster's `minReplicas` (each
   * cluster has its own autoscaler, up to `autoscaling.maxReplicas`). A cluster left out gets
   * none of the workload's objects. In an environment of one cluster only `'all'` is valid.
   * @default 'all': a service or worker runs on every cluster, so that each region serves
   *   its own traffic and survives the loss of another
   */
  readonly clusters?: PerEnv<ClusterChoice, E>;
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
  /**
   * Spread pods over zones (and, preferably, nodes) of a regional cluster: `true` prefers the
   * spread (`ScheduleAnyway`, so a zone outage never leaves pods Pending), a
   * {@link ZoneSpreadSpec} says how, `false` turns it off.
   * @default true
   */
  readonly zoneSpread?: ZoneSpread;
}

function rollingUpdate(where: string, props: ReplicatedWorkloadProps): k8s.RollingUpdateDeployment {
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

/**
 * The scaling on the chart's cluster, where `clusters` gives it a replica count: the count
 * replaces `replicas`, and with `autoscaling` it is the cluster's `minReplicas` (each cluster
 * has its own HorizontalPodAutoscaler, which scales from there up to `maxReplicas`).
 */
function clusterScaling(
  where: string,
  cluster: string | undefined,
  placement: ClusterPlacement | undefined,
  autoscaling: AutoscalingSpec | false,
  replicas: number,
): { autoscaling: AutoscalingSpec | false; replicas: number } {
  const count = placement?.replicas;
  if (count === undefined) return { autoscaling, replicas };
  if (!autoscaling) return { autoscaling, replicas: count };
  if (count < 1 || count > autoscaling.maxReplicas)
    fail(
      where,
      `clusters.${cluster}`,
      `is ${count}, the autoscaler's minReplicas on this cluster, but it must be from 1 to 'autoscaling.maxReplicas' (${autoscaling.maxReplicas})`,
      `give a count from 1 to ${autoscaling.maxReplicas}, or leave the cluster out of 'clusters'`,
    );
  return { autoscaling: { ...autoscaling, minReplicas: count }, replicas };
}

function autoscalingMetrics(where: string, a: AutoscalingSpec): k8s.MetricSpecV2[] {
  const others = a.metrics ?? [];
  const cpu =
    a.cpuUtilization ?? (a.memoryUtilization === undefined && others.length === 0 ? 70 : undefined);
  const targets = [
    ['cpu', cpu],
    ['memory', a.memoryUtilization],
  ] as const;
  return targets
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization: value } },
    }))
    .concat(others.map((m, i) => renderAutoscalingMetric(where, `autoscaling.metrics[${i}]`, m)));
}

/** One colour's Deployment of a blue-green pair, and the construct its other objects go in. */
interface ColourDeployment {
  readonly parts: ColourParts;
  readonly scope: Construct;
  readonly deployment: k8s.KubeDeployment;
}

/**
 * A workload whose pods run as a Deployment: replicas or a HorizontalPodAutoscaler, a
 * rolling update that never goes below the wanted count by default, a PodDisruptionBudget
 * whenever more than one pod can run, and pods spread over zones and nodes.
 */
export abstract class ReplicatedWorkload<E extends string = string> extends Workload<E> {
  /**
   * The Deployment (apps/v1) that runs the pods; of a blue-green pair, the active colour's.
   */
  readonly deployment: k8s.KubeDeployment;
  /** The Deployment's spec as given (its rollout settings, which a canary shares). */
  protected readonly deploymentSpec: k8s.DeploymentSpec;
  private scaler?: k8s.KubeHorizontalPodAutoscalerV2;
  private budget?: k8s.KubePodDisruptionBudget;
  private readonly scaling: {
    autoscaling: AutoscalingSpec | false;
    maxPods: number;
    replicas: number;
  };
  private readonly colours: readonly ColourDeployment[] = [];

  /** @param pair the blue-green pair the pods run as, where the environment runs one */
  protected constructor(
    scope: Scope<E>,
    id: string,
    props: ReplicatedWorkloadProps<E>,
    kind: WorkloadKind,
    extraEnv: readonly k8s.EnvVar[] = [],
    private readonly pair?: BlueGreenPair,
  ) {
    super(
      scope,
      id,
      props,
      { ...kind, clusters: { defaultClusters: 'all', counts: true } },
      extraEnv,
    );
    const where = this.where;
    const autoscalingGiven = this.resolve(props.autoscaling ?? false, 'autoscaling');
    const replicasGiven = this.resolve(props.replicas ?? 2, 'replicas');
    if (!Number.isInteger(replicasGiven) || replicasGiven < 0)
      fail(where, 'replicas', `is ${replicasGiven}`, 'use a whole number, 0 or more');
    if (autoscalingGiven) checkAutoscaling(where, autoscalingGiven);
    const { autoscaling: given, replicas: count } = clusterScaling(
      where,
      this.chart.cluster?.name,
      this.clusterPlacement,
      autoscalingGiven,
      replicasGiven,
    );
    const { autoscaling, replicas } = previewScaling(this.chart.preview, given, count);
    const maxPods = autoscaling ? autoscaling.maxReplicas : replicas;
    // Each colour of a pair spreads, and is budgeted, for the most pods it runs in either role.
    const trackPods = pair ? colourPods(pair, maxPods) : maxPods;

    const placement = this.resolve(props.placement ?? {}, 'placement');
    const pools = candidatePools(chartPools(this.chart), placement);
    if (placement.onePodPerNode)
      checkOnePodPerNode(
        where,
        autoscaling ? 'autoscaling.maxReplicas' : 'replicas',
        pair ? maxPods + (pair.idleReplicas ?? maxPods) : maxPods,
        pools,
        this.chart.cluster?.name,
      );
    this.pod.template.addTopologySpread(
      ...zoneSpreadConstraints(where, props.zoneSpread ?? true, this.selector, {
        required: false,
        pods: trackPods,
        zones: knownZones(pools),
      }),
    );

    this.deploymentSpec = {
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
        rollingUpdate: rollingUpdate(where, props as ReplicatedWorkloadProps),
      },
      template: this.pod.template.lazy(),
    };
    this.scaling = { autoscaling, maxPods: trackPods, replicas };
    if (pair) {
      this.colours = COLOURS.map((colour) => this.colourDeployment(pair, colour));
      this.deployment = this.colours[COLOURS.indexOf(pair.active)].deployment;
      return;
    }
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: this.metadata(),
      spec: this.deploymentSpec,
    });
    this.claim('Deployment');
  }

  /** The Deployment `<name>-<colour>` of one colour of a blue-green pair. */
  private colourDeployment(pair: BlueGreenPair, colour: BlueGreenColour): ColourDeployment {
    const parts = colourParts(this, pair, colour);
    const scope = new Construct(this, colour);
    const deployment = new k8s.KubeDeployment(scope, 'deployment', {
      metadata: this.colourMetadata(parts),
      spec: {
        ...this.deploymentSpec,
        replicas: colourScale(pair, colour, this.scaling).replicas,
        selector: { matchLabels: { ...parts.selector } },
        template: Lazy.any({
          produce: () => parts.template(this.pod.template.render()),
        }) as k8s.PodTemplateSpec,
      },
    });
    this.claim('Deployment', parts.name);
    return { parts, scope, deployment };
  }

  private colourMetadata(parts: ColourParts): k8s.ObjectMeta {
    return { ...this.metadata(undefined, parts.name), labels: { ...parts.labels } };
  }

  /**
   * The HorizontalPodAutoscaler, where `autoscaling` asks for one; of a blue-green pair, the
   * active colour's.
   */
  get autoscaler(): k8s.KubeHorizontalPodAutoscalerV2 | undefined {
    return this.scaler;
  }

  /**
   * The PodDisruptionBudget, where more than one pod can run and it is not turned off; of a
   * blue-green pair, the active colour's.
   */
  get disruptionBudget(): k8s.KubePodDisruptionBudget | undefined {
    return this.budget;
  }

  /**
   * Adds the HorizontalPodAutoscaler and the PodDisruptionBudget (of a blue-green pair, one
   * of each per colour); a subclass calls it once, after the objects that come before them
   * in the output (a WebService's Service).
   * @param budgetSelector the pods the budget covers (a canary's pods have a budget of their own)
   */
  protected addScaling(
    props: ReplicatedWorkloadProps<E>,
    budgetSelector: Readonly<Record<string, string>> = this.selector,
  ): void {
    const where = this.where;
    const { autoscaling, maxPods } = this.scaling;
    const budgetOf = () =>
      this.resolve(props.disruptionBudget ?? { maxUnavailable: 1 }, 'disruptionBudget');
    if (this.pair) {
      const budget = budgetOf();
      for (const { parts, scope } of this.colours) {
        const bounds = colourScale(this.pair, parts.colour, this.scaling).bounds;
        const scaler =
          autoscaling && bounds
            ? this.addAutoscaler(scope, this.colourMetadata(parts), {
                ...autoscaling,
                minReplicas: bounds.min,
                maxReplicas: bounds.max,
              })
            : undefined;
        const pdb = createDisruptionBudget(scope, {
          where,
          pods: maxPods,
          budget,
          metadata: this.colourMetadata(parts),
          selector: parts.selector,
        });
        if (pdb) this.claim('PodDisruptionBudget', parts.name);
        if (parts.colour === this.pair.active) {
          this.scaler = scaler;
          this.budget = pdb;
        }
      }
      return;
    }
    if (autoscaling) this.scaler = this.addAutoscaler(this, this.metadata(), autoscaling);
    this.budget = createDisruptionBudget(this, {
      where,
      pods: maxPods,
      budget: budgetOf(),
      metadata: this.metadata(),
      selector: budgetSelector,
    });
    if (this.budget) this.claim('PodDisruptionBudget');
  }

  /** A HorizontalPodAutoscaler of the Deployment named like it. */
  private addAutoscaler(
    scope: Construct,
    metadata: k8s.ObjectMeta,
    autoscaling: AutoscalingSpec,
  ): k8s.KubeHorizontalPodAutoscalerV2 {
    const name = metadata.name as string;
    const scaler = new k8s.KubeHorizontalPodAutoscalerV2(scope, 'autoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: autoscalingMetrics(this.where, autoscaling),
      },
    });
    this.claim('HorizontalPodAutoscaler', name);
    return scaler;
  }
}
