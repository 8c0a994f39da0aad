import { PlatformError } from '../core/errors';
import { MCS_GROUP } from '../gke/service-export';

/*
 * The checks of an environment of several clusters that no one cluster's objects can make:
 * run once every cluster is synthesized.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
 */

type Json = Readonly<Record<string, unknown>>;

/** One cluster's objects, as synthesizePlatform returns them. */
interface ClusterObjects {
  readonly environment: string;
  readonly cluster?: string;
  readonly objects: readonly Record<string, unknown>[];
}

/** A ServiceImport that an object names, and where. */
interface ImportUse {
  readonly name: string;
  readonly namespace: string;
  readonly object: Json;
  readonly field: string;
}

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const metadata = (object: Json) => record(object.metadata);
const nameOf = (object: Json) => String(metadata(object).name);

const isImport = (ref: Json) => ref.group === MCS_GROUP && ref.kind === 'ServiceImport';

/** The ServiceImports an object names: HTTPRoute backends, policies' targets. */
function importsOf(object: Json): ImportUse[] {
  const namespace = String(metadata(object).namespace ?? '');
  const spec = record(object.spec);
  const uses: ImportUse[] = [];
  const use = (ref: Json, field: string) => {
    if (isImport(ref))
      uses.push({
        name: String(ref.name),
        namespace: String(ref.namespace ?? namespace),
        object,
        field,
      });
  };
  if (object.kind === 'HTTPRoute')
    list(spec.rules).forEach((rule, i) =>
      list(record(rule).backendRefs).forEach((ref, j) =>
        use(record(ref), `spec.rules[${i}].backendRefs[${j}]`),
      ),
    );
  use(record(spec.targetRef), 'spec.targetRef');
  return uses;
}

/**
 * Every ServiceImport that an object of `clusters` names (an HTTPRoute's backend, a policy's
 * target) is exported, as a ServiceExport of its name and namespace, by at least one cluster of
 * the environment: GKE makes a ServiceImport only for a Service that some cluster exports, and
 * a route to one that is never made answers 500. And the environment's Namespace is the same
 * object on every cluster (multi-cluster Services take a namespace to be the same everywhere:
 * namespace sameness).
 * @throws a PlatformError for every problem, naming the object, its cluster and the field
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
 * @see https://cloud.google.com/kubernetes-engine/fleet-management/docs/fleet-concepts#namespace_sameness
 */
export function checkFleetOutputs(clusters: readonly ClusterObjects[]): void {
  const problems: PlatformError[] = [];
  const exported = new Set(
    clusters.flatMap((c) =>
      c.objects
        .filter((o) => o.kind === 'ServiceExport')
        .map((o) => `${String(metadata(o).namespace)}/${nameOf(o)}`),
    ),
  );
  const names = clusters.map((c) => `'${c.cluster}'`).join(', ');
  for (const { environment, cluster, objects } of clusters)
    for (const object of objects)
      for (const use of importsOf(object)) {
        if (exported.has(`${use.namespace}/${use.name}`)) continue;
        problems.push(
          new PlatformError(
            `${String(object.kind)} '${nameOf(object)}' on cluster '${cluster}' of '${environment}'`,
            use.field,
            `sends to the ServiceImport '${use.name}', but no cluster of '${environment}' (${names}) has a ServiceExport '${use.name}' in '${use.namespace}', so GKE never makes that ServiceImport`,
            `run the service on at least one cluster, or export it from the clusters that run it (exportAcrossClusters)`,
          ),
        );
      }
  const namespaces = clusters.map((c) => ({
    cluster: c.cluster,
    namespace: JSON.stringify(c.objects.find((o) => o.kind === 'Namespace')),
  }));
  for (const other of namespaces.slice(1))
    if (other.namespace !== namespaces[0].namespace)
      problems.push(
        new PlatformError(
          `Namespace on cluster '${other.cluster}' of '${clusters[0].environment}'`,
          'metadata',
          `differs from the Namespace on cluster '${namespaces[0].cluster}' (${other.namespace} against ${namespaces[0].namespace})`,
          'make the Namespace the same on every cluster: multi-cluster Services treat a namespace of one name as one namespace everywhere',
        ),
      );
  const [first, ...more] = problems;
  if (first !== undefined)
    throw new PlatformError(first.where, first.prop, first.problem, first.fix, more);
}
