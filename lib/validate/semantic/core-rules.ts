import type { ObjectRule } from './problem';

/** Rules for every object's metadata (`ValidateObjectMeta`). */
export const METADATA_RULES: readonly ObjectRule[] = [];

/** The API server's rules per kind (core, apps, batch, policy, autoscaling, rbac). */
export const CORE_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {};
