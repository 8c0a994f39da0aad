/**
 * What `gke-platform plan` reports: the planned changes of each environment, from the
 * manifests (Kubernetes objects) and from the cluster side (the Pulumi resources the stack
 * would register), each with a risk.
 */

/** How bad a change is, mildest first. */
export type Risk = 'safe' | 'disruptive' | 'replace' | 'destructive';

/** The risks from mildest to worst: a risk's index orders it. */
export const RISKS: readonly Risk[] = ['safe', 'disruptive', 'replace', 'destructive'];

/** What happens to one object or resource. */
export type ChangeAction = 'create' | 'delete' | 'update' | 'replace';

/** One changed field, by its path in the object (`spec.template.spec.containers[0].image`). */
export interface FieldChange {
  readonly path: string;
  /** Absent when the field is new. */
  readonly before?: unknown;
  /** Absent when the field is gone. */
  readonly after?: unknown;
}

/** An object by its kind and `<namespace>/<name>`. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/** One planned change of an object or a resource. */
export interface PlannedChange {
  readonly environment: string;
  /**
   * The cluster of an environment of several (`dist/<env>/<cluster>/`) whose object changes;
   * absent for an environment of one cluster, and for an object created or deleted in an
   * environment that moves between one cluster and several, where no cluster of the other
   * side has it.
   */
  readonly cluster?: string;
  /** `manifests`: a Kubernetes object of dist/; `cluster`: a resource the Pulumi stack registers. */
  readonly side: 'manifests' | 'cluster';
  readonly action: ChangeAction;
  /** The Kubernetes kind (`StatefulSet`) or the Pulumi type (`gcp:container/nodePool:NodePool`). */
  readonly kind: string;
  /** `<namespace>/<name>` of an object, or the Pulumi resource's name. */
  readonly name: string;
  readonly risk: Risk;
  /** Why the change has its risk, and what it costs, one sentence each. */
  readonly reasons: readonly string[];
  readonly fields: readonly FieldChange[];
  /**
   * The other objects of the same workload whose only change is their
   * `app.kubernetes.io/version` label, changed as this change's own: folded into this one
   * change (a release restarts the workload and relabels its Service, budget, policies, …).
   * Absent when nothing is folded.
   */
  readonly relabelled?: readonly ObjectRef[];
}
