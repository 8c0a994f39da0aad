import { list, nameOf, quote, record, text } from './edge-fields';
import type { ReferenceCheck } from './environment-index';
import { SERVICE_NAME_LABEL } from './discovery';

/*
 * A hand-made EndpointSlice gives a Service without selector its endpoints: kube-proxy (and
 * GKE Dataplane V2) join a Service and its slices by the kubernetes.io/service-name label,
 * and a Service port and a slice port by name. A slice that names no Service, an
 * ExternalName Service (which has no endpoints), or a port the Service does not have applies
 * cleanly and carries no traffic.
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */

const RULE = 'references: EndpointSlice kubernetes.io/service-name and port names (kube-proxy)';

/** Every EndpointSlice's Service exists, takes endpoints, and has each of the slice's ports. */
export const checkEndpointSliceServices: ReferenceCheck = (index, reportOf) => {
  for (const slice of index.all('EndpointSlice')) {
    const serviceName = text(record(slice.metadata?.labels)?.[SERVICE_NAME_LABEL]);
    if (serviceName === undefined) continue; // ValidateEndpointSlice's own rule reports it
    const at = `metadata.labels[${quote(SERVICE_NAME_LABEL)}]`;
    const service = index.find('Service', serviceName);
    if (!service) {
      reportOf(slice).add(
        at,
        `is ${quote(serviceName)}, but the environment has no Service of that name, so no traffic reaches these endpoints`,
        'name the Service the endpoints are for, or add that Service',
        RULE,
      );
      continue;
    }
    const spec = record(service.spec) ?? {};
    if (spec.type === 'ExternalName') {
      reportOf(slice).add(
        at,
        `is ${quote(serviceName)}, an ExternalName Service, which cluster DNS answers with a CNAME and never sends to endpoints`,
        `give Service ${quote(nameOf(service))} a type that has endpoints (ClusterIP), or leave the slice out`,
        RULE,
      );
      continue;
    }
    const servicePorts = list(spec.ports).map((p) => text(record(p)?.name) ?? '');
    list(slice.ports).forEach((value, i) => {
      const name = text(record(value)?.name) ?? '';
      if (!servicePorts.includes(name))
        reportOf(slice).add(
          `ports[${i}].name`,
          `is ${quote(name)}, but Service ${quote(serviceName)} has no port of that name, so that port gets no endpoints`,
          `use one of the Service's port names (${servicePorts.map((n) => quote(n)).join(', ')})`,
          RULE,
        );
    });
  }
};
