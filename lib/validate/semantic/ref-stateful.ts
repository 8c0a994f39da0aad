import { nameOf, quote, record } from './edge-fields';
import type { ReferenceCheck } from './environment-index';

/*
 * A StatefulSet's pods get their stable DNS names (`<pod>.<serviceName>.<namespace>.svc…`)
 * from a headless Service called `serviceName`: cluster DNS publishes per-pod records only
 * for a Service with `clusterIP: None` (Kubernetes DNS specification, "Records for a Headless
 * Service"). The API server takes a serviceName that names nothing, or a ClusterIP Service,
 * and the pods then have no names their peers can find.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id
 */

const RULE = 'references: StatefulSet serviceName (DNS records of a headless Service)';

/** Each StatefulSet's `serviceName` names a headless Service of the environment. */
export const checkStatefulSetServices: ReferenceCheck = (index, reportOf) => {
  for (const set of index.all('StatefulSet')) {
    const serviceName = record(set.spec)?.serviceName;
    if (typeof serviceName !== 'string' || serviceName === '') continue;
    const service = index.find('Service', serviceName);
    if (!service)
      reportOf(set).add(
        'spec.serviceName',
        `is ${quote(serviceName)}, which is not a Service of the environment, so the pods get no DNS names`,
        `add a headless Service (clusterIP: None) called ${quote(serviceName)} that selects the pods`,
        RULE,
      );
    else if (record(service.spec)?.clusterIP !== 'None')
      reportOf(set).add(
        'spec.serviceName',
        `is ${quote(serviceName)}, a Service with a cluster IP, for which cluster DNS publishes no per-pod names`,
        `make Service ${quote(nameOf(service))} headless (clusterIP: None), or name a headless one`,
        RULE,
      );
  }
};
