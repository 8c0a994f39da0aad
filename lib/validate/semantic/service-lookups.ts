import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { record } from './edge-fields';
import type { EnvironmentIndex, PodTemplate } from './environment-index';
import { backendConfigRefsOf, negForIngress, type BackendConfigRefs } from './gke-annotations';
import { selectedByMap } from './label-selection';

/*
 * What several reference rules derive from one Service, computed once per validation
 * (through the index's memo): the pod templates it selects and its parsed GKE annotations.
 */

/** The pod templates a Service's selector selects (none without a selector). */
export function serviceTemplates(
  index: EnvironmentIndex,
  service: KubernetesObject,
): readonly PodTemplate[] {
  return index.memo('service-templates', service, () => {
    const selector = record(record(service.spec)?.selector);
    return selector && Object.keys(selector).length > 0 ? selectedByMap(index, selector) : [];
  });
}

/** The Service's `cloud.google.com/backend-config` annotation, parsed. */
export function serviceBackendConfigs(
  index: EnvironmentIndex,
  service: KubernetesObject,
): BackendConfigRefs | undefined {
  return index.memo('backend-configs', service, () => backendConfigRefsOf(service));
}

/** Whether the Service asks for NEGs for Ingress backends (undefined: the annotation is not JSON). */
export function serviceNeg(
  index: EnvironmentIndex,
  service: KubernetesObject,
): boolean | undefined {
  return index.memo('neg', service, () => negForIngress(service));
}
