import type { EnvironmentRule } from './problem';

/** Cross-references within one environment (every name that one object gives another). */
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [];
