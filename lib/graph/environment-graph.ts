import type { Obj } from '../plan/network-policy-eval';
import { connectionsOf } from './graph-connections';
import { entryPointsOf } from './graph-entry-points';
import type { EnvironmentGraph, ServiceNode } from './graph-model';
import { identityNodes, secretNodes, secretReader, type SecretUse } from './graph-secrets';
import { templateOf, workloadsOf, WORKLOAD_KINDS } from './graph-workloads';

/**
 * The picture of one environment, from its synthesized objects alone (as a synth returns them
 * or as a folder of YAML holds them): entry points and routes, Services and the workloads they
 * select, the workloads with their scale, resources and node pools, the connections the
 * NetworkPolicies allow, the secrets the workloads read and the identities they run as.
 */
export function environmentGraph(environment: string, objects: readonly Obj[]): EnvironmentGraph {
  const readSecrets = secretReader(objects);
  const workloads = workloadsOf(objects, (template) => readSecrets(template).map((s) => s.name));
  const uses = new Map<string, readonly SecretUse[]>(
    objects
      .filter((o) => WORKLOAD_KINDS.includes(o.kind))
      .map((o) => [o.metadata.name, readSecrets(templateOf(o))]),
  );
  const { entryPoints, routes } = entryPointsOf(objects);
  return {
    environment,
    namespaces: [
      ...new Set(
        objects.flatMap(
          (o) => o.metadata?.namespace ?? (o.kind === 'Namespace' ? o.metadata.name : []),
        ),
      ),
    ],
    entryPoints,
    routes,
    services: servicesOf(objects),
    workloads,
    connections: connectionsOf(objects),
    secrets: secretNodes(objects, uses),
    identities: identityNodes(objects, workloads),
  };
}

/**
 * The Services among `objects`, each with the workloads whose pod template carries every label
 * of its selector (a Service without a selector selects none).
 */
function servicesOf(objects: readonly Obj[]): ServiceNode[] {
  const workloads = objects.filter((o) => WORKLOAD_KINDS.includes(o.kind));
  return objects
    .filter((o) => o.kind === 'Service')
    .map((service) => {
      const selector: Record<string, string> | undefined = service.spec?.selector;
      const selected = selector
        ? workloads.filter((w) => {
            const labels: Record<string, string> = templateOf(w).metadata?.labels ?? {};
            return (
              w.metadata.namespace === service.metadata.namespace &&
              Object.entries(selector).every(([k, v]) => labels[k] === v)
            );
          })
        : [];
      const type: string = service.spec?.type ?? 'ClusterIP';
      return {
        name: service.metadata.name,
        type: service.spec?.clusterIP === 'None' ? `${type} (headless)` : type,
        ports: (service.spec?.ports ?? []).map((p: Obj) =>
          p.targetPort === undefined || p.targetPort === p.port
            ? String(p.port)
            : `${p.port} → ${p.targetPort}`,
        ),
        workloads: selected.map((w) => w.metadata.name),
      };
    });
}
