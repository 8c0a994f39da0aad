import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, nameOf, quote, record } from './edge-fields';
import type { PodTemplate, ReferenceCheck } from './environment-index';
import type { ObjectReport } from './problem';
import { serviceTemplates } from './service-lookups';

/*
 * A Service finds its pods by selector and sends to their target port: a selector that
 * matches no pod template, or a target port no container declares, leaves the Service
 * without endpoints ("does not have minimum availability", 502s behind an Ingress) although
 * every object applies cleanly.
 */

const RULE = 'references: Service selector and targetPort (EndpointSlice controller)';

/** `Deployment "web"`: how problem texts name a workload. */
export function describeWorkload(template: PodTemplate): string {
  return `${String(template.object.kind)} ${quote(nameOf(template.object))}`;
}

/** The declared ports of a template, for a fix text: `8080 ("http")`. */
export function declaredPorts(template: PodTemplate): string {
  const numbers = [...template.portNumbers];
  const names = [...template.portNames].map((n) => quote(n));
  if (numbers.length === 0 && names.length === 0) return 'none';
  return [...numbers, ...names].join(', ');
}

/** Whether `template` declares `port` (a number or a port name). */
export function declares(template: PodTemplate, port: unknown): boolean {
  return typeof port === 'number'
    ? template.portNumbers.has(port)
    : template.portNames.has(String(port));
}

/** The target ports of one Service against the pod templates it selects. */
function checkService(
  service: KubernetesObject,
  selectedTemplates: readonly PodTemplate[],
  report: ObjectReport,
): void {
  const spec = record(service.spec) ?? {};
  list(spec.ports).forEach((value, i) => {
    const port = record(value) ?? {};
    const target = port.targetPort ?? port.port;
    if (target === undefined) return;
    const lacking = selectedTemplates.find((t) => !declares(t, target));
    if (!lacking) return;
    report.add(
      `spec.ports[${i}].targetPort`,
      typeof target === 'number'
        ? `is ${target}, but no container of ${describeWorkload(lacking)} declares that port`
        : `is ${quote(target)}, but no container of ${describeWorkload(lacking)} has a port of that name, so its pods are no endpoints`,
      `use a port its containers declare (${declaredPorts(lacking)}), or declare the port on the serving container`,
      RULE,
    );
  });
}

/**
 * Every Service with a selector selects at least one pod template of a Deployment,
 * StatefulSet, DaemonSet (or ReplicaSet, Pod) of the environment, and each target port is a
 * container port (by number or name) of the templates it selects.
 */
export const checkServiceSelectors: ReferenceCheck = (index, reportOf) => {
  for (const service of index.all('Service')) {
    const spec = record(service.spec) ?? {};
    const selector = record(spec.selector);
    if (spec.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) continue;
    const selected = serviceTemplates(index, service);
    if (selected.length === 0) {
      reportOf(service).add(
        'spec.selector',
        `is ${JSON.stringify(selector)}, which selects no pod template of a Deployment, StatefulSet or DaemonSet of the environment: the Service would have no endpoints`,
        "use the labels of the workload's pod template (spec.template.metadata.labels)",
        RULE,
      );
      continue;
    }
    checkService(service, selected, reportOf(service));
  }
};
