import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { describeConstruct } from '../../core/construct-id';
import { fail } from '../../core/errors';
import type { PerEnv } from '../../core/per-env';
import type { Environment, Platform } from '../../platform/platform';
import { EXPIRES_ANNOTATION, PREVIEW_LABEL, PREVIEW_OF_LABEL } from '../../platform/preview-labels';
import { k8s } from './kube';
import { ENVIRONMENT_LABEL, NETWORK_POLICIES_ANNOTATION } from './labels';
import { ChartPreview, type PreviewTarget } from './preview';
import { chartCluster } from './chart-cluster';
import type { FleetCluster } from '../../platform/fleet';
import { checkedObjects, failOnConstructValidations } from './chart-objects';
import { reportForeignIsolation } from './foreign-isolation';
import type { RecordedImage, RecordedSetting, ReleaseRecords } from './release-records';

/**
 * Where a construct of this library may be created: an environment's chart, or any
 * construct inside one (a team's own composite construct). With the chart itself, `E` (the
 * environment names) is inferred, so per-environment maps are checked at compile time; in a
 * composite construct, give it explicitly (`new WebService<Env>(this, 'web', …)`).
 */
export type Scope<E extends string = string> = EnvironmentChart<E> | Construct;

/** Marks an EnvironmentChart (see its `instanceof`). */
const ENVIRONMENT_CHART = Symbol.for('gke-platform.EnvironmentChart');

/** Props of {@link EnvironmentChart}. */
export interface EnvironmentChartProps<E extends string> {
  /** The checked platform definition the environment belongs to. */
  readonly platform: Platform<E>;
  /** The environment this chart synthesizes. */
  readonly environment: E;
  /**
   * The environment's release file: the images of the workloads whose code names only a
   * repository. @default none (such a workload is an error)
   */
  readonly release?: ReleaseRecords;
  /**
   * Synthesize this preview of the environment instead of the environment itself: the same
   * workloads, resolved as for the environment, in the preview's namespace. @default none
   */
  readonly preview?: PreviewTarget;
  /**
   * For an environment of several clusters (`clusters` in the platform): the cluster this
   * chart synthesizes, by key. The definition runs once per cluster; each workload emits its
   * objects on the clusters it is placed on. Required for such an environment, refused for
   * one of a single cluster.
   * @default none: the environment's one cluster
   */
  readonly cluster?: string;
}

/**
 * All objects of one environment: its Namespace and the workloads defined in it. The
 * construct id is the environment's name, so every construct path starts with it
 * (`prod/web`), and errors say which environment they come from; a cluster's chart of an
 * environment of several clusters is `<environment>.<cluster>` (`prod.euw1/web`).
 */
export class EnvironmentChart<E extends string = string> extends Chart {
  /**
   * `x instanceof EnvironmentChart`. cdk8s's Chart answers `instanceof` for any Chart, which
   * EnvironmentChart would inherit: a plain cdk8s Chart would pass for an environment's.
   */
  static override [Symbol.hasInstance](x: unknown): x is EnvironmentChart {
    return typeof x === 'object' && x !== null && ENVIRONMENT_CHART in x;
  }

  /**
   * The chart that `construct` belongs to: the nearest EnvironmentChart among its scopes, as
   * cdk8s's `Chart.of` finds the nearest Chart.
   */
  static of(construct: Construct): EnvironmentChart {
    for (const scope of [...construct.node.scopes].reverse()) {
      if (scope instanceof EnvironmentChart) return scope as EnvironmentChart;
    }
    return fail(
      `'${construct.node.path}'`,
      'scope',
      'is not inside an EnvironmentChart',
      "create it in an EnvironmentChart: inside the chart that synthesizePlatform() hands you, or one you create (new EnvironmentChart(app, { platform, environment: 'dev' })), or inside a construct within it",
    );
  }

  /** The platform definition, which workloads read their pools, identities and IPs from. */
  readonly platform: Platform<E>;
  /** The environment this chart synthesizes, with every default applied. */
  readonly environment: Environment<E>;
  /** The environment's namespace, where every workload lives. */
  readonly namespaceName: string;
  /** The environment's Namespace, the first object applied. */
  readonly namespaceObject: k8s.KubeNamespace;
  /** Where the environment's NetworkPolicies live: its default deny, when it has policies. */
  readonly networkPolicyScope: Construct;
  /** The default deny of the namespace, when the environment has NetworkPolicies. */
  readonly defaultDeny?: k8s.KubeNetworkPolicy;
  /** `EnvironmentChart '<environment>'`: how errors about the chart itself name it. */
  readonly where: string;
  /** The preview this chart synthesizes, when it synthesizes one. */
  readonly preview?: ChartPreview;
  /**
   * The cluster this chart synthesizes, for an environment of several clusters; undefined for
   * an environment of one.
   */
  readonly cluster?: FleetCluster;
  private readonly names = new Map<string, Construct>();
  private readonly plaintext = new Set<string>();
  private readonly release?: ReleaseRecords;
  private readonly recordsRead = new Set<string>();

  constructor(scope: Construct, props: EnvironmentChartProps<E>) {
    const environment = props.platform.environment(props.environment);
    // A cluster's chart is `<environment>.<cluster>`, so that errors name the cluster and the
    // charts of one environment's clusters may share an App.
    const id =
      props.cluster === undefined ? environment.name : `${environment.name}.${props.cluster}`;
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, ENVIRONMENT_CHART, { value: true });
    this.platform = props.platform;
    this.environment = environment;
    const preview = props.preview && new ChartPreview(props.platform, environment, props.preview);
    this.preview = preview;
    this.cluster = chartCluster(environment, props.cluster);
    this.namespaceName = preview?.namespace ?? environment.namespace;
    this.where = `EnvironmentChart '${this.node.path}'`;
    this.release = props.release;
    this.namespaceObject = new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: this.namespaceName,
        labels: {
          'app.kubernetes.io/part-of': props.platform.name,
          'app.kubernetes.io/managed-by': 'gke-platform',
          [ENVIRONMENT_LABEL]: environment.name,
          // The shared Gateway admits the routes of namespaces with this label.
          ...(preview && { [PREVIEW_OF_LABEL]: preview.previewOf, [PREVIEW_LABEL]: preview.name }),
        },
        annotations: preview && { [EXPIRES_ANNOTATION]: preview.expires },
      },
    });
    // cdk8s's `app.synth()` validates every construct before rendering: this chart's check
    // runs first and fails as synthesizePlatform does, with a PlatformError.
    this.node.addValidation({ validate: () => (failOnConstructValidations(this), []) });
    this.networkPolicyScope = new NetworkPolicyScope(this, 'network-policies');
    if (!environment.networkPolicies) {
      this.namespaceObject.metadata.addAnnotation(NETWORK_POLICIES_ANNOTATION, 'disabled');
    } else {
      this.defaultDeny = new k8s.KubeNetworkPolicy(this.networkPolicyScope, 'default-deny', {
        metadata: {
          name: 'default-deny',
          namespace: this.namespaceName,
          labels: {
            'app.kubernetes.io/part-of': props.platform.name,
            'app.kubernetes.io/managed-by': 'gke-platform',
            [ENVIRONMENT_LABEL]: environment.name,
          },
        },
        // An empty podSelector selects every pod of the namespace; with no rules, both
        // directions are denied until a workload's own policy allows something.
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      this.claimName('NetworkPolicy', 'default-deny', this.networkPolicyScope);
    }
  }

  /** The value of a per-environment prop for this chart's environment. */
  resolve<T>(value: PerEnv<T, E>, where: string, prop: string): T {
    return this.platform.resolve(value, this.environment.name, where, prop);
  }

  /**
   * Records that `construct` emits a `kind` called `name`; two objects of one kind and name
   * in one namespace would overwrite each other on `kubectl apply`.
   */
  claimName(kind: string, name: string, construct: Construct): void {
    const key = `${kind}/${name}`;
    const owner = this.names.get(key);
    if (owner !== undefined && owner !== construct) {
      fail(
        describeConstruct(construct),
        'name',
        `'${name}' is already used by ${describeConstruct(owner)} for a ${kind}`,
        'give each workload a unique name in its environment',
      );
    }
    this.names.set(key, construct);
  }

  /**
   * Lets exactly this string through the scan for secret material in this environment's
   * objects (`scanSecretMaterial`): a value the user chose to write in plain text.
   * Containers call it for the values their `allowPlaintextSecrets` names; call it yourself
   * for a value you add with an escape hatch.
   */
  allowPlaintext(value: string): void {
    this.plaintext.add(value);
  }

  /**
   * The image the environment's release file records for `key` (a workload's name, or
   * `<workload>/<container>` for a sidecar); fails naming the command that records one.
   */
  recordedImage(key: string, where: string, prop: string): RecordedImage {
    const file = this.release?.file ?? `releases/${this.environment.name}.yaml`;
    const record = this.release?.images.get(key);
    if (record === undefined) {
      return fail(
        where,
        prop,
        `names only a repository, and ${file} records no version of '${key}' for the environment '${this.environment.name}'`,
        `record one: gke-platform release set ${this.environment.name} ${key}=<repository>@sha256:<digest> (or :<tag>)`,
      );
    }
    this.recordsRead.add(key);
    return { image: record.image, source: `${record.file ?? file}:${record.line}` };
  }

  /**
   * The image the release file records for `key`, or none; for a release track
   * (`web.canary`), which the file may or may not record.
   */
  optionalRecordedImage(key: string): RecordedImage | undefined {
    return this.release?.images.has(key) ? this.recordedImage(key, '', '') : undefined;
  }

  /** The release track's setting the file records for `key` (`web.canary-weight`), or none. */
  recordedSetting(key: string): RecordedSetting | undefined {
    const release = this.release;
    const record = release?.settings?.get(key);
    if (release === undefined || record === undefined) return undefined;
    this.recordsRead.add(key);
    return { value: record.value, source: `${record.file ?? release.file}:${record.line}` };
  }

  /** The records of the release file that no workload read, each with its line. */
  unreadReleaseRecords(): { key: string; source: string }[] {
    const release = this.release;
    if (release === undefined) return [];
    return [...release.images, ...(release.settings ?? [])]
      .filter(([key]) => !this.recordsRead.has(key))
      .map(([key, { line, file }]) => ({ key, source: `${file ?? release.file}:${line}` }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * The environment's objects, checked: every namespaced object that names no namespace gets
   * the environment's (also a cdk8s-plus construct, an `Include` or a bare ApiObject), then
   * the API server's semantic rules and the scan for secret material run, as in
   * synthesizePlatform. So `app.synth()` and `Testing.synth(chart)` give the same objects,
   * fail with the same {@link PlatformError} and print the same warnings on stderr.
   */
  // Chart.toJson's own return type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override toJson(): any[] {
    const objects = checkedObjects({
      chart: this,
      namespace: this.namespaceName,
      allowedPlaintext: this.plaintext,
      renderWithCdk8s: () => super.toJson(),
    });
    reportForeignIsolation(this, objects, this.defaultDeny);
    return objects;
  }

  /** The strings allowed in plain text in this environment (see {@link allowPlaintext}). */
  get allowedPlaintext(): ReadonlySet<string> {
    return this.plaintext;
  }
}

/** The construct that holds an environment's NetworkPolicies; errors call it by that name. */
class NetworkPolicyScope extends Construct {
  readonly where = `NetworkPolicies '${this.node.path}'`;
}
