import {
  ApiObject,
  App,
  Chart,
  JsonPatch,
  Lazy,
  type IResolver,
  type ResolutionContext,
} from 'cdk8s';
import { KubeObject } from '#lib/k8s/kube-object';
import { k8s } from '#lib/workloads/chart/kube';

/** cdk8s's own ApiObject.toJson on the same object: what KubeObject must give. */
const cdk8sJson = (o: ApiObject) => JSON.stringify(ApiObject.prototype.toJson.call(o));

class Token {
  constructor(private readonly text: string) {}
  resolve() {
    return `${this.text}!`;
  }
}

/** Props with every kind of value cdk8s resolves: Lazy, tokens, IntOrString, nulls, nesting. */
const trickyProps = () => ({
  apiVersion: 'example.com/v1',
  kind: 'Sample',
  metadata: {
    name: 'sample',
    labels: { z: 'last', a: 'first' },
    annotations: { note: Lazy.any({ produce: () => 'lazy note' }) as unknown as string },
    finalizers: [],
  },
  spec: {
    zeta: 1,
    alpha: [3, null, { b: undefined, a: Lazy.any({ produce: () => ({ y: 2, x: 1 }) }) }],
    port: k8s.IntOrString.fromNumber(8080),
    memory: k8s.Quantity.fromString('1Gi'),
    token: new Token('resolved'),
    empty: {},
    none: null,
    lazyList: Lazy.any({ produce: () => [Lazy.any({ produce: () => 'deep' })] }),
  },
});

describe('KubeObject (the base of the generated Kubernetes classes)', () => {
  it("gives the JSON of cdk8s's ApiObject.toJson, key order included", () => {
    const chart = new Chart(new App(), 'test', { namespace: 'ns', labels: { chart: 'label' } });
    const object = new KubeObject(chart, 'sample', trickyProps());
    expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
    expect(object.toJson()).toMatchObject({
      apiVersion: 'example.com/v1',
      kind: 'Sample',
      metadata: { annotations: { note: 'lazy note' }, namespace: 'ns' },
      spec: { port: { value: 8080 }, memory: { value: '1Gi' }, token: 'resolved!' },
    });
  });

  it('applies JSON patches after sorting, as cdk8s does', () => {
    const object = new KubeObject(new Chart(new App(), 'test'), 'sample', trickyProps());
    object.addJsonPatch(JsonPatch.add('/spec/added', 'yes'), JsonPatch.remove('/spec/zeta'));
    expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
    expect(object.toJson().spec).toMatchObject({ added: 'yes' });
    expect(object.toJson().spec.zeta).toBeUndefined();
  });

  it("uses cdk8s's own toJson when the app has resolvers of its own", () => {
    const shout: IResolver = {
      resolve(context: ResolutionContext) {
        const { value } = context;
        // cdk8s resolves a replaced value again: replace only what is not upper case yet.
        if (
          typeof value === 'string' &&
          context.key.at(-1) === 'shout' &&
          value !== value.toUpperCase()
        ) {
          context.replaceValue(value.toUpperCase());
        }
      },
    };
    const chart = new Chart(new App({ resolvers: [shout] }), 'test');
    const object = new KubeObject(chart, 'sample', { ...trickyProps(), data: { shout: 'hey' } });
    expect(object.toJson().data).toEqual({ shout: 'HEY' });
    expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
  });

  it('keeps insertion order when CDK8S_DISABLE_SORT is set', () => {
    const object = new KubeObject(new Chart(new App(), 'test'), 'sample', trickyProps());
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys(object.toJson().spec)).toEqual([
        'zeta',
        'alpha',
        'port',
        'memory',
        'token',
        'empty',
        'lazyList',
      ]);
      expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  it("fails on a value that is not JSON with cdk8s's message", () => {
    class Opaque {
      readonly x = 1;
    }
    const object = new KubeObject(new Chart(new App(), 'test'), 'sample', {
      ...trickyProps(),
      spec: { bad: new Opaque() },
    });
    expect(() => object.toJson()).toThrow(
      "Failed serializing construct at path 'test/sample' with name 'sample': Error: can't render non-simple object of type 'Opaque'",
    );
    expect(() => ApiObject.prototype.toJson.call(object)).toThrow(
      "Failed serializing construct at path 'test/sample' with name 'sample': Error: can't render non-simple object of type 'Opaque'",
    );
  });
});
