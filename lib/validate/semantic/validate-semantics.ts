import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { CORE_RULES, METADATA_RULES } from './core-rules';
import { EDGE_RULES } from './edge-rules';
import { GATEWAY_API_RULES } from './gateway-api';
import { ObjectReport, type ObjectRule, type SemanticProblem } from './problem';
import { ENVIRONMENT_RULES } from './references';
import { STORAGE_RULES } from './storage';

export type { SemanticProblem } from './problem';

/**
 * Rules per kind: the API server's (core-rules, storage), GKE's controllers' (edge-rules), the
 * Gateway API's.
 */
const RULES_BY_KIND = new Map<string, readonly ObjectRule[]>();
for (const table of [CORE_RULES, STORAGE_RULES, EDGE_RULES, GATEWAY_API_RULES]) {
  for (const [kind, rules] of Object.entries(table)) {
    RULES_BY_KIND.set(kind, [...(RULES_BY_KIND.get(kind) ?? []), ...rules]);
  }
}

/**
 * The problems that the Kubernetes API server's semantic validation, or a GKE controller,
 * would find in one environment's objects: what `kubectl apply` would reject, or what would
 * apply and then misbehave. Runs in one pass over the objects (plus the cross-references of
 * the environment), so it costs little on every synth.
 *
 * @param objects every object of one environment (one namespace)
 * @returns the problems, in object order; empty when all is well
 */
export function validateSemantics(objects: readonly KubernetesObject[]): SemanticProblem[] {
  const reports = new Map<KubernetesObject, ObjectReport>();
  const reportOf = (object: KubernetesObject): ObjectReport => {
    let report = reports.get(object);
    if (!report) {
      report = new ObjectReport(object);
      reports.set(object, report);
    }
    return report;
  };
  for (const object of objects) {
    const report = reportOf(object);
    for (const rule of METADATA_RULES) rule(object, report);
    for (const rule of RULES_BY_KIND.get(String(object.kind)) ?? []) rule(object, report);
  }
  for (const rule of ENVIRONMENT_RULES) rule(objects, reportOf);
  return objects.flatMap((object) => reports.get(object)?.problems ?? []);
}
