import { checkOneOf, checkWholeNumber, fail } from '../../core/errors';
import type { k8s } from '../chart/kube';

/** The StatefulSet settings of a StatefulService's props, before they are checked. */
export interface StatefulSetOptions {
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /** `partition`, resolved for the environment. */
  readonly partition?: number;
  readonly claimRetention?: {
    readonly whenDeleted?: 'Retain' | 'Delete';
    readonly whenScaled?: 'Retain' | 'Delete';
  };
  readonly revisionHistoryLimit?: number;
}

/** The StatefulSet spec fields of its props, checked, with their defaults. */
export type StatefulSetSettings = Pick<
  k8s.StatefulSetSpec,
  | 'podManagementPolicy'
  | 'revisionHistoryLimit'
  | 'updateStrategy'
  | 'persistentVolumeClaimRetentionPolicy'
>;

/**
 * How the StatefulSet rolls and keeps its claims: update strategy (with its partition), pod
 * management, claim retention (`Retain` unless asked: deleting never deletes data) and the
 * revisions kept.
 */
export function statefulSetSettings(
  where: string,
  options: StatefulSetOptions,
): StatefulSetSettings {
  const updateStrategy = checkOneOf(
    where,
    'updateStrategy',
    options.updateStrategy ?? 'RollingUpdate',
    ['RollingUpdate', 'OnDelete'],
  );
  const partition = options.partition;
  if (partition !== undefined) {
    if (updateStrategy === 'OnDelete')
      fail(
        where,
        'partition',
        "is set with updateStrategy 'OnDelete', which replaces pods only when they are deleted",
        "leave 'partition' out, or use 'RollingUpdate'",
      );
    checkWholeNumber(where, 'partition', partition, 0);
  }
  const podManagementPolicy = checkOneOf(
    where,
    'podManagementPolicy',
    options.podManagementPolicy ?? 'OrderedReady',
    ['OrderedReady', 'Parallel'],
  );
  const retention = options.claimRetention ?? {};
  const [whenDeleted, whenScaled] = (['whenDeleted', 'whenScaled'] as const).map((when) =>
    checkOneOf(where, `claimRetention.${when}`, retention[when] ?? 'Retain', ['Retain', 'Delete']),
  );
  return {
    podManagementPolicy,
    revisionHistoryLimit: checkWholeNumber(
      where,
      'revisionHistoryLimit',
      options.revisionHistoryLimit ?? 5,
      0,
    ),
    updateStrategy:
      updateStrategy === 'OnDelete'
        ? { type: 'OnDelete' }
        : { type: 'RollingUpdate', rollingUpdate: { partition: partition ?? 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
  };
}
