import { Lazy } from 'cdk8s';
import { k8s } from '../chart/kube';
import { addMount, type ContainerMount } from './mount-layout';
import type { RenderedPlacement } from './placement';

/** The single-valued fields of a pod spec that a construct may contribute, each once. */
export type PodSpecField =
  | 'serviceAccountName'
  | 'automountServiceAccountToken'
  | 'enableServiceLinks'
  | 'terminationGracePeriodSeconds'
  | 'restartPolicy'
  | 'hostNetwork'
  | 'hostPid'
  | 'dnsPolicy'
  | 'priorityClassName';

/**
 * One container of the pod: rendered by the workload from its spec, then contributed to by
 * the constructs that add to the pod (a StatefulService's disks, a DaemonAgent's host paths
 * and security exceptions, a load balancer's HTTPS probes).
 */
export class PodContainer {
  private readonly mounts: ContainerMount[];
  private readonly security: k8s.SecurityContext = {};
  private probeScheme?: 'HTTPS';

  /**
   * @param base the container as rendered from its spec, never changed
   * @param where the prefix of errors about its mounts
   * @param mounts its volume mounts with the props that asked for them (RenderedContainer.mounts)
   * @default where - `container '<name>'`
   * @default mounts - the base's volume mounts, each named by its volume
   */
  constructor(
    private readonly base: k8s.Container,
    private readonly where = `container '${base.name}'`,
    mounts?: readonly ContainerMount[],
  ) {
    this.mounts = [
      ...(mounts ??
        (base.volumeMounts ?? []).map((mount) => ({ prop: `volume ${mount.name}`, mount }))),
    ];
  }

  /** The container's name. */
  get name(): string {
    return this.base.name;
  }

  /** The paths where something is mounted in this container, by volume name. */
  get volumeMounts(): readonly k8s.VolumeMount[] {
    return this.mounts.map((m) => m.mount);
  }

  /** The container ports it declares. */
  get ports(): readonly k8s.ContainerPort[] {
    return this.base.ports ?? [];
  }

  /**
   * Mounts a volume of the pod, after the mounts of its spec; fails, naming `prop`, where the
   * container could not start with it (see addMount: at '/', a path mounted twice, a mount
   * inside a read-only one).
   * @default prop - `volume <name>`
   */
  addVolumeMount(mount: k8s.VolumeMount, prop = `volume ${mount.name}`): void {
    addMount(this.where, this.mounts, { prop, mount });
  }

  /** Fields of the container's security context that differ from the library's hardening. */
  addSecurityContext(fields: k8s.SecurityContext): void {
    Object.assign(this.security, fields);
  }

  /**
   * Its HTTP probes use HTTPS: the port serves TLS (a load balancer reaches it over TLS); the
   * kubelet does not verify the certificate.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#HTTPGetAction
   */
  probeOverTls(): void {
    this.probeScheme = 'HTTPS';
  }

  /** The container as the contributions make it. */
  render(): k8s.Container {
    const mounts = this.volumeMounts;
    return {
      ...this.base,
      readinessProbe: this.probe(this.base.readinessProbe),
      livenessProbe: this.probe(this.base.livenessProbe),
      startupProbe: this.probe(this.base.startupProbe),
      securityContext: { ...this.base.securityContext, ...this.security },
      volumeMounts: mounts.length > 0 ? [...mounts] : undefined,
    };
  }

  private probe(probe: k8s.Probe | undefined): k8s.Probe | undefined {
    if (!probe?.httpGet || this.probeScheme === undefined) return probe;
    return { ...probe, httpGet: { ...probe.httpGet, scheme: this.probeScheme } };
  }
}

/**
 * The pod of a workload, built from the contributions of each construct (containers,
 * volumes, placement, security, spread, restart policy, labels, service account) and rendered
 * as a PodTemplateSpec only at synth, so that no construct rewrites another's output (the
 * cdk8s-plus way: `Lazy.any` → `_toPodSpec`). Contributions are checked where they are made;
 * rendering only assembles.
 */
export class PodTemplate {
  private readonly labels: Record<string, string> = {};
  private readonly annotations: Record<string, string> = {};
  private readonly fields: { [F in PodSpecField]?: k8s.PodSpec[F] } = {};
  private readonly security: k8s.PodSecurityContext = {};
  private readonly podContainers: PodContainer[] = [];
  private readonly inits: k8s.Container[] = [];
  private readonly volumeList: k8s.Volume[] = [];
  private readonly spread: k8s.TopologySpreadConstraint[] = [];
  private placement?: RenderedPlacement;

  /** Labels of the pods. */
  addLabels(labels: Readonly<Record<string, string>>): void {
    Object.assign(this.labels, labels);
  }

  /** Annotations of the pods (a change of one rolls them). */
  addAnnotations(annotations: Readonly<Record<string, string>>): void {
    Object.assign(this.annotations, annotations);
  }

  /**
   * Sets a single-valued field of the pod spec. Each is set by one construct only: a second,
   * different value is a bug of the library, not of the user's input.
   */
  set<F extends PodSpecField>(field: F, value: k8s.PodSpec[F]): void {
    if (field in this.fields && this.fields[field] !== value)
      throw new Error(`pod field '${field}' is contributed twice`);
    this.fields[field] = value;
  }

  /** Fields of the pod's security context. */
  addSecurityContext(fields: k8s.PodSecurityContext): void {
    Object.assign(this.security, fields);
  }

  /** Where the pods run: node selector, tolerations and affinity. */
  place(placement: RenderedPlacement): void {
    this.placement = placement;
  }

  /**
   * Adds an app container (the first added is the main one) and returns it for contributions;
   * `where` and `mounts` as for {@link PodContainer}'s constructor.
   */
  addContainer(
    container: k8s.Container,
    where?: string,
    mounts?: readonly ContainerMount[],
  ): PodContainer {
    const added = new PodContainer(container, where, mounts);
    this.podContainers.push(added);
    return added;
  }

  /** Adds a container that runs to completion before the app containers start. */
  addInitContainer(container: k8s.Container): void {
    this.inits.push(container);
  }

  /** Adds volumes of the pod, after those added before. */
  addVolumes(...volumes: k8s.Volume[]): void {
    this.volumeList.push(...volumes);
  }

  /** Adds topology spread constraints. */
  addTopologySpread(...constraints: k8s.TopologySpreadConstraint[]): void {
    this.spread.push(...constraints);
  }

  /** The main container (the first). */
  get main(): PodContainer {
    return this.podContainers[0];
  }

  /** The app containers, main first. */
  get containers(): readonly PodContainer[] {
    return this.podContainers;
  }

  /** The names of the pod's volumes so far. */
  get volumeNames(): readonly string[] {
    return this.volumeList.map((v) => v.name);
  }

  /** The template as rendered at synth, for a controller's `template` prop. */
  lazy(): k8s.PodTemplateSpec {
    return Lazy.any({ produce: () => this.render() }) as k8s.PodTemplateSpec;
  }

  /** The PodTemplateSpec of the contributions made so far; fresh objects on every call. */
  render(): k8s.PodTemplateSpec {
    const annotations = { ...this.annotations };
    const placement = this.placement;
    return {
      metadata: {
        labels: { ...this.labels },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        ...this.fields,
        securityContext: { ...this.security },
        nodeSelector: placement?.nodeSelector,
        tolerations: placement?.tolerations?.length ? placement.tolerations : undefined,
        affinity: placement?.affinity,
        initContainers: this.inits.length > 0 ? [...this.inits] : undefined,
        containers: this.podContainers.map((c) => c.render()),
        volumes: this.volumeList.length > 0 ? [...this.volumeList] : undefined,
        topologySpreadConstraints: this.spread.length > 0 ? [...this.spread] : undefined,
      },
    };
  }
}
