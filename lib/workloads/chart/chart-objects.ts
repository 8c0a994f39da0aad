import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { describeConstruct } from '../../core/construct-id';
import { fail, PlatformError } from '../../core/errors';
import { scanSecretMaterial } from '../../validate/secret-scan';
import { CLUSTER_SCOPED } from '../../validate/semantic/environment-index';
import { validateSemantics } from '../../validate/semantic/validate-semantics';
import { withoutAbsentObjects } from './cluster-presence';

type Json = Record<string, unknown>;

/** What {@link checkedObjects} needs of an environment's chart. */
export interface CheckedChart {
  /** The chart itself. */
  readonly chart: Chart;
  /** The namespace every namespaced object of the chart lives in. */
  readonly namespace: string;
  /** The strings allowed in plain text (the chart's `allowedPlaintext`). */
  readonly allowedPlaintext: ReadonlySet<string>;
  /** cdk8s's own rendering of the chart (its `Chart.toJson`). */
  readonly renderWithCdk8s: () => Json[];
}

/**
 * The checked objects of one environment's chart: construct validations first (a
 * WebEntrypoint with no route, …), then the environment's namespace for objects that name
 * none, then rendering, then the semantic rules and the scan for secret material. Every way
 * out of a chart (synthesizePlatform, `app.synth()`, `Testing.synth()`) goes through here.
 */
export function checkedObjects(target: CheckedChart): Json[] {
  const { chart } = target;
  failOnConstructValidations(chart);
  const constructs = chart.node.findAll();
  adoptNamespace(chart, target.namespace, constructs);
  // A workload placed on other clusters of its environment writes nothing on this one.
  const objects = withoutAbsentObjects(constructs, render(target, constructs));
  const problems = [
    ...validateSemantics(objects),
    ...scanSecretMaterial(objects, target.allowedPlaintext),
  ];
  if (problems.length > 0) {
    const owners = objectOwners(chart, constructs);
    const [first, ...more] = problems.map(
      (p) =>
        new PlatformError(
          owners.get(objectKey(p.object)) ?? describeConstruct(chart),
          `${String(p.object.kind)} ${p.field}`,
          p.problem,
          p.fix,
        ),
    );
    throw new PlatformError(first.where, first.prop, first.problem, first.fix, more);
  }
  return objects;
}

/** Fails on the first construct of the chart (not the chart itself) whose validations fail. */
export function failOnConstructValidations(chart: Chart): void {
  for (const construct of chart.node.findAll()) {
    if (construct === chart) continue;
    const messages = construct.node.validate();
    if (messages.length > 0) {
      fail(describeConstruct(construct), 'validation', messages.join('; '), 'fix what it says');
    }
  }
}

/** Whether a construct describes itself (`where`), as this library's constructs do. */
function isDescribed(construct: IConstruct): boolean {
  return typeof (construct as { where?: unknown }).where === 'string';
}

/**
 * Whether this library did not make the object: no construct of it, only the chart, holds
 * it (a cdk8s-plus Deployment, an `Include` of YAML, a bare ApiObject). The chart's own
 * Namespace counts as foreign here, but it is cluster-scoped and a Namespace, not a workload.
 */
export function isForeignObject(chart: Chart, object: ApiObject): boolean {
  return [...object.node.scopes].reverse().find(isDescribed) === chart;
}

/**
 * The construct that answers for an object: the nearest scope that describes itself, or for
 * an object this library did not make, the outermost construct below the chart that holds it
 * (`Deployment 'dev/api'`, not the chart).
 */
export function objectOwner(chart: Chart, object: ApiObject): IConstruct {
  const scopes = object.node.scopes;
  const described = [...scopes].reverse().find(isDescribed);
  if (described !== chart) return described ?? object;
  // The chart's own Namespace answers as the chart.
  if (object.node.scope === chart) return object.kind === 'Namespace' ? chart : object;
  return scopes[scopes.indexOf(chart) + 1];
}

/**
 * Gives every namespaced object that names no namespace the environment's; an object this
 * library did not make that names another namespace is an error, since the environment's
 * checks, policies and `kubectl apply -f` of its folder are about its own namespace.
 */
function adoptNamespace(chart: Chart, namespace: string, constructs: readonly IConstruct[]) {
  for (const object of constructs) {
    if (!ApiObject.isApiObject(object) || CLUSTER_SCOPED.has(object.kind)) continue;
    const given = object.metadata.namespace;
    if (given === undefined || given === '') {
      // ApiObjectMetadataDefinition's namespace is read when the object is rendered.
      (object.metadata as { namespace?: string }).namespace = namespace;
    } else if (given !== namespace && isForeignObject(chart, object)) {
      fail(
        describeConstruct(objectOwner(chart, object)),
        'metadata.namespace',
        `is '${given}' on a ${object.kind} in the environment whose namespace is '${namespace}'`,
        `leave the namespace out (the environment gives its own), or create the object in the chart of the environment that owns '${given}'`,
      );
    }
  }
}

/**
 * The chart's objects. cdk8s orders them by a dependency graph built over the whole App;
 * without any dependency (nothing called `addDependency`) and without nested charts, that
 * order is the construct tree's own, so the objects are rendered in it directly, which saves
 * the graph (the construct validations have run already). Otherwise cdk8s renders them.
 */
function render(target: CheckedChart, constructs: readonly IConstruct[]): Json[] {
  const { chart } = target;
  try {
    const plain = constructs.every(
      (c) => c.node.dependencies.length === 0 && (c === chart || !Chart.isChart(c)),
    );
    if (!plain) return target.renderWithCdk8s();
    return constructs.filter(ApiObject.isApiObject).map((o) => o.toJson() as Json);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    // cdk8s wraps errors thrown while rendering a value; keep its message, which names the path.
    return fail(
      describeConstruct(chart),
      'objects',
      `could not be rendered: ${(error as Error).message}`,
      'fix the value the message names',
    );
  }
}

type ObjectLike = { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };

function objectKey(object: ObjectLike): string {
  return `${String(object.kind)}/${String(object.metadata?.namespace ?? '')}/${String(object.metadata?.name)}`;
}

/** Which construct emitted each object (see {@link objectOwner}). */
function objectOwners(chart: Chart, constructs: readonly IConstruct[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const construct of constructs) {
    if (!ApiObject.isApiObject(construct)) continue;
    const key = objectKey({
      kind: construct.kind,
      metadata: { name: construct.name, namespace: construct.metadata.namespace },
    });
    owners.set(key, describeConstruct(objectOwner(chart, construct)));
  }
  return owners;
}
