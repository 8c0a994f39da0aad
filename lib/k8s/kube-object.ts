import {
  ApiObject,
  type ApiObjectMetadataDefinition,
  App,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';

type Json = Record<string, unknown>;

/**
 * A value as cdk8s renders it, in one walk: its built-in resolvers applied in their order
 * (`App.resolvers` in cdk8s's app.ts: a Lazy is produced, a value with a `resolve()` method is
 * resolved, and a class instance whose `value` is a number or string (IntOrString, Quantity)
 * becomes `{ value }`), then its `sanitizeValue` (its _util.ts): nulls dropped, keys sorted
 * unless `sortKeys` is false, and with `dropEmpty` (as for metadata) empty arrays and objects
 * dropped too. cdk8s does this in two walks, the first with a context object and a copied key
 * path per value.
 */
function render(value: unknown, sortKeys: boolean, dropEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (value instanceof Lazy) return render(value.produce(), sortKeys, dropEmpty);
  const v = value as { resolve?: unknown; value?: unknown; constructor?: { name?: string } };
  if (typeof v.resolve === 'function') {
    return render((v.resolve as () => unknown)(), sortKeys, dropEmpty);
  }
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((item) => render(item, sortKeys, dropEmpty));
  }
  if (v.constructor !== Object) {
    if (typeof v.value === 'number' || typeof v.value === 'string') return { value: v.value };
    throw new Error(`can't render non-simple object of type '${v.constructor?.name}'`);
  }
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  const out: Json = {};
  let empty = true;
  for (const key of keys) {
    const item = render((value as Json)[key], sortKeys, dropEmpty);
    if (item !== undefined) {
      out[key] = item;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : out;
}

/** ApiObjectMetadataDefinition's fields, most of them private in its types. */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/**
 * ApiObjectMetadataDefinition.toJson (cdk8s's metadata.ts) the same lean way, from its
 * fields; without them (another cdk8s), its own toJson.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  const fields = metadata as unknown as MetadataFields;
  const { name, namespace, labels, annotations, finalizers, ownerReferences } = fields;
  const extra = fields._additionalAttributes;
  if (
    [labels, annotations, finalizers, ownerReferences, extra].some((f) => typeof f !== 'object')
  ) {
    return metadata.toJson();
  }
  const data = {
    ...(extra as Json),
    name,
    namespace,
    annotations,
    finalizers,
    ownerReferences,
    labels,
  };
  return render(data, true, true);
}

/** Whether an app resolves with cdk8s's three built-in resolvers only, in their order. */
function builtInResolversOnly(app: App): boolean {
  const [lazy, token, union, ...more] = app.resolvers;
  return (
    more.length === 0 &&
    lazy instanceof LazyResolver &&
    token instanceof ImplicitTokenResolver &&
    union instanceof NumberStringUnionResolver
  );
}

/**
 * The base class of the generated Kubernetes classes (imports/k8s.ts; scripts/import-k8s.js
 * makes them extend it): cdk8s's ApiObject, whose `toJson()` gives the same JSON as cdk8s's
 * with less work per object. cdk8s resolves every value of every object through its resolver
 * list with a context object and a copied key path, then walks the result again to drop nulls
 * and sort keys, and the metadata twice; for an app with only the built-in resolvers this
 * does the same in one plain recursion. With custom resolvers it is cdk8s's own `toJson()`, and so it is if ApiObject's
 * private fields it reads (`props`, `patches`, the metadata's) are not there. JSON patches
 * (`ApiObject.of(x).addJsonPatch()`) apply as in cdk8s, after sorting.
 */
export class KubeObject extends ApiObject {
  /**
   * The object as JSON, the same as cdk8s's `ApiObject.toJson()` gives (nulls dropped, keys
   * sorted, JSON patches applied), in one pass where the app has only the built-in resolvers.
   */
  // The generated classes read this as their props type, as they read ApiObject's `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override toJson(): any {
    // ApiObject's own fields (private in its types): without them, cdk8s's way.
    const { props, patches } = this as unknown as { props?: Json; patches?: JsonPatch[] };
    if (typeof props !== 'object' || !Array.isArray(patches)) return super.toJson();
    if (!builtInResolversOnly(App.of(this))) return super.toJson();
    try {
      // The metadata is rendered on its own (empty fields dropped), as in cdk8s.
      const sortKeys = !process.env.CDK8S_DISABLE_SORT;
      let json = render({ ...props, metadata: undefined }, sortKeys, false) as Json;
      const metadata = metadataJson(this.metadata);
      if (metadata !== undefined) json.metadata = metadata;
      if (patches.length > 0) json = JsonPatch.apply(json, ...patches);
      // apiVersion, kind and metadata first, then the rest (as ApiObject.toJson orders them).
      const result: Json = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
        if (key in json) result[key] = json[key];
      }
      return result;
    } catch (e) {
      throw new Error(
        `Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`,
      );
    }
  }
}
