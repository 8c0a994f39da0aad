import type { PlannedChange } from './change';
import { type EnvironmentObjects, isFleet } from './environment-objects';
import { planEnvironment } from './plan-environment';
import { planFleetEnvironment } from './plan-fleet';

export type { EnvironmentObjects } from './environment-objects';
export { planEnvironment, planObject } from './plan-environment';

/**
 * The planned changes of every environment from `base` to `head`: each object created,
 * deleted, updated in place or replaced, with its changed fields and its risk. An environment
 * on one side only has every object created or deleted. An environment of several clusters
 * on either side is planned cluster by cluster (see planFleetEnvironment).
 */
export function planManifests(
  base: readonly EnvironmentObjects[],
  head: readonly EnvironmentObjects[],
): PlannedChange[] {
  const names = [...new Set([...base, ...head].map((e) => e.environment))];
  const entriesOf = (side: readonly EnvironmentObjects[], name: string) =>
    side.filter((e) => e.environment === name);
  return names.flatMap((name) => {
    const before = entriesOf(base, name);
    const after = entriesOf(head, name);
    if (isFleet(before) || isFleet(after)) return planFleetEnvironment(name, before, after);
    return planEnvironment(
      name,
      before.flatMap((e) => e.objects),
      after.flatMap((e) => e.objects),
    );
  });
}
