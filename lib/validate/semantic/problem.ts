import type { Violation } from '../../core/apimachinery';
import type { KubernetesObject } from '../../k8s/kubernetes-object';

/**
 * One thing the Kubernetes API server (or a GKE controller) would refuse, or that would
 * apply and then misbehave, found in one synthesized object.
 */
export interface SemanticProblem {
  /** The object at fault. */
  readonly object: KubernetesObject;
  /** Readable path into the object, e.g. `spec.ports[0].name`. */
  readonly field: string;
  /** What is wrong, e.g. `is "8080", which has no letter`. */
  readonly problem: string;
  /** What would be right. */
  readonly fix: string;
  /**
   * The validation function this rule mirrors, e.g. `validation.IsValidPortName`
   * (k8s.io/apimachinery) or `ingress-gce translator`.
   */
  readonly rule: string;
}

/** Collects the problems found in one object; rules call {@link ObjectReport.add}. */
export class ObjectReport {
  readonly problems: SemanticProblem[] = [];

  constructor(readonly object: KubernetesObject) {}

  /** Records a problem at `field` (a readable path such as `spec.ports[0].name`). */
  add(field: string, problem: string, fix: string, rule: string): void {
    this.problems.push({ object: this.object, field, problem, fix, rule });
  }

  /** Records every violation of a primitive check (see apimachinery.ts) of `value` at `field`. */
  check(field: string, value: unknown, violations: readonly Violation[], rule: string): void {
    for (const v of violations)
      this.add(field, `is ${JSON.stringify(value)}, which ${v.problem}`, v.fix, rule);
  }
}

/** A rule over one object of a kind. */
export type ObjectRule = (object: KubernetesObject, report: ObjectReport) => void;

/**
 * A rule over every object of one environment (cross-references: a Service selects a pod
 * template; an Ingress backend names a Service and one of its ports; …).
 */
export type EnvironmentRule = (
  objects: readonly KubernetesObject[],
  report: (object: KubernetesObject) => ObjectReport,
) => void;

export type { Violation };
