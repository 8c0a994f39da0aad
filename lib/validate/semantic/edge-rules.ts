import type { ObjectRule } from './problem';

/** Ingress rules (networking validation) and GKE's controllers' rules, per kind. */
export const EDGE_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {};
