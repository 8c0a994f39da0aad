import type { Construct } from 'constructs';
import { fail } from '../../core/errors';
import { k8s } from '../chart/kube';

/** A PodDisruptionBudget's bound. */
export interface DisruptionBudgetSpec {
  /** Pods that voluntary disruptions may take down at once (count ≥ 1 or percentage > 0%). */
  readonly maxUnavailable: number | string;
}

const PERCENT = /^\d+%$/;

/**
 * A count or percentage, as ValidatePositiveIntOrPercent (kubernetes
 * pkg/apis/apps/validation) takes it; `maxPercent` mirrors IsNotMoreThan100Percent.
 */
export function intOrPercent(
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
export const isZero = (value: number | string) => value === 0 || value === '0%';

/**
 * A PodDisruptionBudget's `maxUnavailable`, checked: at least one pod, so that node drains
 * and GKE upgrades can always proceed. maxUnavailable (not minAvailable) keeps drains
 * possible at any replica count.
 */
export function budgetMaxUnavailable(where: string, budget: DisruptionBudgetSpec): k8s.IntOrString {
  if (isZero(budget.maxUnavailable)) {
    fail(
      where,
      'disruptionBudget.maxUnavailable',
      `is ${JSON.stringify(budget.maxUnavailable)}, which would block every node drain and GKE upgrade`,
      "allow at least 1 (or a percentage above '0%'), or set 'disruptionBudget: false'",
    );
  }
  return intOrPercent(where, 'disruptionBudget.maxUnavailable', budget.maxUnavailable, 100);
}

/** What the PodDisruptionBudget of a workload's pods is made from. */
export interface DisruptionBudgetOptions {
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The most pods that run at once: one pod needs no budget. */
  readonly pods: number;
  /** The `disruptionBudget` prop, resolved for the environment. */
  readonly budget: DisruptionBudgetSpec | false;
  /** The budget's metadata (the workload's name, namespace and labels). */
  readonly metadata: k8s.ObjectMeta;
  /** The labels that select the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * The PodDisruptionBudget of a Deployment's or a StatefulSet's pods, emitted whenever more
 * than one pod can run and the budget is not turned off; `undefined` otherwise.
 */
export function createDisruptionBudget(
  scope: Construct,
  options: DisruptionBudgetOptions,
): k8s.KubePodDisruptionBudget | undefined {
  const { where, pods, budget, metadata, selector } = options;
  if (pods <= 1 || budget === false) return undefined;
  return new k8s.KubePodDisruptionBudget(scope, 'disruption-budget', {
    metadata,
    spec: {
      maxUnavailable: budgetMaxUnavailable(where, budget),
      selector: { matchLabels: { ...selector } },
    },
  });
}
