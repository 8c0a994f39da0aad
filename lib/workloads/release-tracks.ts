import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkWholeNumber, fail } from '../core/errors';
import { declaredImageRegistry } from '../platform/lookups';
import type { EnvironmentChart } from './chart/environment-chart';
import { k8s } from './chart/kube';
import type { ServicePort } from './network/connections';
import { createDisruptionBudget, type DisruptionBudgetSpec } from './pod/disruption-budget';
import { checkDigest, checkImage, checkRecordedImage, imageVersion } from './pod/image';

/**
 * The pod label that tells a WebService's release tracks apart (`stable`, `canary`), so that
 * Services, budgets and metrics queries can pick one.
 */
export const TRACK_LABEL = 'track';

/**
 * A canary version of a {@link WebService}, run beside the stable one. A workload whose code
 * names only a repository (`image: { repository }`) takes the canary's image and weight from
 * the release file (`web.canary`, `web.canary-weight`, written by `gke-platform release
 * canary`); its code may still set `replicas`.
 */
export interface CanarySpec {
  /**
   * The canary's image for the main container (the stable pods keep `image`).
   * @default the release file's `<workload>.canary`; required with a literal `image`
   */
  readonly image?: string;
  /**
   * The percentage of the gateway front door's requests the canary gets, 0 to 100 (the
   * stable version gets the rest). 0 runs the canary without traffic; 100 sends it all.
   * @default the release file's `<workload>.canary-weight`; required with a literal `image`
   */
  readonly weight?: number;
  /** The canary's pod count (fixed; the autoscaler scales the stable version only). @default 1 */
  readonly replicas?: number;
}

/** A canary with its image and weight settled, from the code or from the release file. */
export interface ResolvedCanary {
  /** The canary's image for the main container. */
  readonly image: string;
  /** The percentage of the gateway front door's requests the canary gets, 0 to 100. */
  readonly weight: number;
  /** The canary's pod count. @default 1 */
  readonly replicas?: number;
}

/** What a canary takes from its stable version. */
export interface CanaryBase {
  /** `WebService '<path>'`, for errors. */
  readonly where: string;
  /** The stable version's name; the canary's objects are `<name>-canary`. */
  readonly name: string;
  /** The environment chart of the workload. */
  readonly chart: EnvironmentChart;
  /** The stable version's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels that select every pod of the workload, both tracks. */
  readonly selector: Readonly<Record<string, string>>;
  /** The stable Service's ports, which the canary Service repeats. */
  readonly servicePorts: readonly ServicePort[];
  /** The stable Deployment's spec, whose rollout settings the canary shares. */
  readonly deploymentSpec: k8s.DeploymentSpec;
  /** The stable pod template, rendered at synth. */
  readonly renderTemplate: () => k8s.PodTemplateSpec;
  /** The `disruptionBudget` prop, resolved for the environment. */
  readonly budget: DisruptionBudgetSpec | false;
  /** Whether the main container may run a moving tag (`allowMutableTag`). */
  readonly allowMutableTag: boolean;
}

/**
 * The canary track of a WebService: a Deployment `<name>-canary` of the canary image whose
 * pods carry the workload's selector labels (so its NetworkPolicies, PodMonitoring and zone
 * spread cover them) and `track: canary`, a Service `<name>-canary` of the same ports that
 * selects them alone, and their own PodDisruptionBudget where more than one runs. A gateway
 * front door splits the stable Service's routes between the two by `weight`.
 */
export class CanaryTrack extends Construct {
  /** The canary's name: `<name>-canary`. */
  readonly name: string;
  /** `WebService '<path>' canary`, for errors about its load balancer policies. */
  readonly where: string;
  /** The canary objects' labels: the workload's, its own version, `track: canary`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The environment chart of the workload, where the canary's objects are. */
  readonly chart: EnvironmentChart;
  /** The percentage of the gateway front door's requests the canary gets. */
  readonly weight: number;
  /** The canary's Deployment. */
  readonly deployment: k8s.KubeDeployment;
  /** The Service that selects the canary's pods only. */
  readonly service: k8s.KubeService;
  /** The canary's PodDisruptionBudget, where more than one canary pod runs. */
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, base: CanaryBase, spec: ResolvedCanary) {
    super(scope, id);
    const where = base.where;
    const image = checkImage(where, 'canary.image', spec.image, base.allowMutableTag);
    declaredImageRegistry(
      base.chart.platform,
      base.chart.environment.name,
      image,
      where,
      'canary.image',
    );
    if (base.chart.environment.requireDigest)
      checkDigest(where, 'canary.image', image, base.chart.environment.name, `${base.name}.canary`);
    this.weight = checkWholeNumber(where, 'canary.weight', spec.weight, 0, 100);
    const replicas = checkWholeNumber(where, 'canary.replicas', spec.replicas ?? 1, 1);
    this.name = `${base.name}-canary`;
    this.where = `${where} canary`;
    this.chart = base.chart;
    const version = imageVersion(image);
    this.labels = {
      ...withoutVersion(base.labels),
      ...(version === undefined ? {} : { 'app.kubernetes.io/version': version }),
      [TRACK_LABEL]: 'canary',
    };
    const selector = { ...base.selector, [TRACK_LABEL]: 'canary' };
    const metadata = (): k8s.ObjectMeta => ({
      name: this.name,
      namespace: base.chart.namespaceName,
      labels: { ...this.labels },
    });

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: metadata(),
      spec: {
        ...base.deploymentSpec,
        replicas,
        selector: { matchLabels: selector },
        template: Lazy.any({
          produce: () => canaryTemplate(base.renderTemplate(), image, this.labels),
        }) as k8s.PodTemplateSpec,
      },
    });
    base.chart.claimName('Deployment', this.name, this);
    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata(),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: base.servicePorts.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: k8s.IntOrString.fromNumber(p.targetPort),
          protocol: 'TCP',
        })),
      },
    });
    base.chart.claimName('Service', this.name, this);
    this.disruptionBudget = createDisruptionBudget(this, {
      where,
      pods: replicas,
      budget: base.budget,
      metadata: metadata(),
      selector,
    });
    if (this.disruptionBudget) base.chart.claimName('PodDisruptionBudget', this.name, this);
  }
}

/** The stable pod template with the canary's image in the main container and its labels. */
function canaryTemplate(
  stable: k8s.PodTemplateSpec,
  image: string,
  labels: Readonly<Record<string, string>>,
): k8s.PodTemplateSpec {
  const spec = stable.spec as k8s.PodSpec;
  const [main, ...others] = spec.containers;
  // The stable version's label goes; the canary's own replaces it where its image has one.
  const podLabels = withoutVersion(stable.metadata?.labels ?? {});
  return {
    ...stable,
    metadata: { ...stable.metadata, labels: { ...podLabels, ...labels } },
    spec: { ...spec, containers: [{ ...main, image }, ...others] },
  };
}

/** `labels` without the stable version's `app.kubernetes.io/version`. */
function withoutVersion(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(([key]) => key !== 'app.kubernetes.io/version'),
  );
}

/**
 * The canary an environment runs, if any: from the code (`canary: { image, weight }`) for a
 * workload with a literal image, from the release file (`<name>.canary`,
 * `<name>.canary-weight`) for one whose code names a repository, where the code's `false`
 * turns it off (the file's lines are then an error of their own).
 */
export function resolveCanary(
  where: string,
  chart: EnvironmentChart,
  name: string,
  repository: string | undefined,
  code: CanarySpec | false | undefined,
): ResolvedCanary | false {
  if (code === false) return false;
  if (code !== undefined && (typeof code !== 'object' || code === null))
    fail(
      where,
      'canary',
      `is ${JSON.stringify(code)}`,
      "give { image, weight }, e.g. { image: '…/web:1.4.0', weight: 10 }, or false",
    );
  if (repository === undefined) {
    if (code === undefined) return false;
    if (typeof code.image !== 'string' || code.weight === undefined)
      fail(
        where,
        'canary',
        `is ${JSON.stringify(code)}, without ${typeof code.image !== 'string' ? "'image'" : "'weight'"}`,
        "give { image, weight }, e.g. { image: '…/web:1.4.0', weight: 10 }, or false (with 'image: { repository }' the release file gives both)",
      );
    return { image: code.image, weight: code.weight, replicas: code.replicas };
  }
  const recorded = chart.optionalRecordedImage(`${name}.canary`);
  if (code?.image !== undefined || code?.weight !== undefined) {
    fail(
      where,
      code.image !== undefined ? 'canary.image' : 'canary.weight',
      "is set in the code, but the workload's image comes from the release file, which records its canary",
      `leave it out and record the canary: gke-platform release canary ${chart.environment.name} ${name}=<image> --weight 10`,
    );
  }
  if (recorded === undefined) return false;
  const image = checkRecordedImage(where, 'canary.image', repository, recorded);
  const weight = chart.recordedSetting(`${name}.canary-weight`);
  if (weight === undefined)
    fail(
      recorded.source,
      `${name}.canary`,
      `records a canary without its weight ('${name}.canary-weight')`,
      `record it: gke-platform release canary ${chart.environment.name} ${name} --weight 10`,
    );
  return { image, weight: Number(weight.value), replicas: code?.replicas };
}
