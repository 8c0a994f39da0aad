import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { toYaml } from '#lib/output/yaml';
import {
  API_RESOURCES,
  type FakeApiServer,
  type Kubectl,
  oldestAndNewestKubectl,
  runKubectl,
  startFakeApiServer,
} from '../consumer/support/kubectl';
import { jsonNumberOrBoolean, yamlString } from '../support/yaml-strings';

/**
 * Differential property tests of the YAML writer against kubectl, the oldest and the newest
 * on the machine: `kubectl apply --dry-run=client -o json` (go-yaml v2 through
 * sigs.k8s.io/yaml) must read back exactly the data toYaml was given, and `kubectl kustomize`
 * (kyaml on go-yaml v3) must print the same objects as from the same data written as JSON.
 * Each run batches many generated strings into one file, so one kubectl call checks them
 * all; a failure lists the entries read differently and prints the shrunk counterexample.
 */
const SEED = 20240612;
const RUNS = 12;
const BATCH = { minLength: 20, maxLength: 60 };

/** One generated case: a string as key and value, and a number or boolean. */
interface Entry {
  readonly key: string;
  readonly value: string;
  readonly other: number | boolean;
}

/** Lone surrogates cannot reach kubectl: a UTF-8 file cannot hold them. */
const string = yamlString({ unencodable: false });
const entry: fc.Arbitrary<Entry> = fc.record({
  key: string,
  value: string,
  other: jsonNumberOrBoolean,
});

const SAMPLE = {
  group: 'example.com',
  version: 'v1',
  kind: 'Sample',
  plural: 'samples',
  namespaced: true,
};

/**
 * The objects of entry `i`, the string in the places users put text: a ConfigMap's data keys
 * and values, annotation keys and values, a label value; the number or boolean and the string
 * nested in maps and lists of a custom resource.
 */
function objectsOf({ key, value, other }: Entry, i: number): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `entry-${i}`, annotations: { [key]: value }, labels: { l: value } },
      data: { [key]: value, v: value },
    },
    {
      apiVersion: 'example.com/v1',
      kind: 'Sample',
      metadata: { name: `entry-${i}` },
      spec: { [key]: other, list: [other, value, [value]], nested: { [value]: { [key]: value } } },
    },
  ];
}

/** What a test compares of an object: the parts objectsOf sets, less what kubectl adds. */
function comparable(object: Record<string, any>): unknown {
  const { annotations = {}, labels } = object.metadata ?? {};
  const own = { ...annotations };
  delete own['kubectl.kubernetes.io/last-applied-configuration'];
  return object.kind === 'ConfigMap'
    ? { annotations: own, labels, data: object.data }
    : { spec: object.spec };
}

/** Equal as data, numbers by value: Go reads `-0` as the integer 0. */
const sameData = (a: unknown, b: unknown): boolean =>
  typeof a === 'number' && typeof b === 'number'
    ? a === b
    : a !== null && b !== null && typeof a === 'object' && typeof b === 'object'
      ? Array.isArray(a) === Array.isArray(b) &&
        Object.keys(a).length === Object.keys(b).length &&
        Object.keys(a).every((k) => Object.hasOwn(b, k) && sameData((a as any)[k], (b as any)[k]))
      : isDeepStrictEqual(a, b);

/** JSON text with the characters go-yaml rejects raw in JSON escaped (it reads JSON as YAML). */
const asJson = (objects: readonly Record<string, unknown>[]) =>
  objects
    .map((o) =>
      JSON.stringify(o).replace(
        /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    )
    .join('\n---\n');

/** Strings as JSON, with the characters a terminal hides escaped. */
const show = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\x7f-\x9f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );

/**
 * Entries kustomize cannot carry from any input, JSON included (the test below shows each):
 * it fails re-encoding DEL, C1 controls, U+FFFE and U+FFFF, and a NEL in a key, and keys of
 * 1024 characters or more; it drops a key `<<` (a merge key to kyaml even quoted).
 */
const KUSTOMIZE_CANNOT = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
function kustomizeCarries({ key, value }: Entry): boolean {
  return (
    !KUSTOMIZE_CANNOT.test(key) &&
    !KUSTOMIZE_CANNOT.test(value) &&
    !key.includes('\x85') &&
    !value.includes('\x85') &&
    key.length < 1000 &&
    value.length < 1000 &&
    key !== '<<' &&
    value !== '<<' &&
    !kyamlRewritesAnnotationKey(key) &&
    // From YAML in any style (JSON takes another path): kyaml writes the key back as a block
    // whose first line starts with a tab, and go-yaml rejects that.
    !/^\t[^]*\n/.test(key)
  );
}

/**
 * Annotation keys kustomize fails on from any input: it writes them back plain into a
 * `map[string]string` and reads a key that go-yaml v3 resolves to a number, boolean, null or
 * timestamp as that (`json: unsupported type: map[interface {}]interface {}`), and panics on
 * an empty one. Generous: Go's number syntax, and every string starting with a date.
 */
function kyamlRewritesAnnotationKey(key: string): boolean {
  if (key === '' || /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/.test(key)) return true;
  if (/^[-+]?(?:0[xXoObB]|\.?[0-9])/.test(key.replace(/_/g, ''))) return true;
  try {
    return typeof parse(key, { version: '1.1' }) !== 'string' || typeof parse(key) !== 'string';
  } catch {
    return false;
  }
}

const kubectls = oldestAndNewestKubectl();

if (kubectls.length === 0) {
  if (process.env.CI) {
    test('kubectl is installed (CI runs these tests)', () => {
      throw new Error('no kubectl on PATH: CI must run the kubectl YAML tests');
    });
  } else {
    console.warn('SKIPPED test/output/yaml-kubectl.e2e.ts: no kubectl on PATH');
    test.skip('toYaml read by kubectl (no kubectl on PATH)', () => undefined);
  }
} else {
  // Shrinking a failure runs kubectl for every step.
  jest.setTimeout(600_000);
  let work: string;
  let server: FakeApiServer;
  let env: NodeJS.ProcessEnv;
  let runs = 0;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gke-platform-yaml-kubectl-'));
    server = await startFakeApiServer(work, [...API_RESOURCES, SAMPLE]);
    env = { PATH: process.env.PATH, HOME: work, KUBECONFIG: server.kubeconfig };
    await Promise.all(kubectls.map((kubectl) => runKubectl(kubectl, ['api-resources'], env)));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A folder of its own holding `text` as objects.yaml and a kustomization listing it. */
  function folderWith(text: string): string {
    const folder = join(work, `run-${(runs += 1)}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'objects.yaml'), text);
    writeFileSync(join(folder, 'kustomization.yaml'), 'resources:\n  - objects.yaml\n');
    return folder;
  }

  async function kubectlOk(kubectl: Kubectl, args: string[]): Promise<string> {
    const run = await runKubectl(kubectl, args, env);
    if (run.code !== 0) throw new Error(`kubectl ${kubectl.version} ${args[0]}: ${run.stderr}`);
    return run.stdout;
  }

  /** The objects `kubectl apply` would send, by kind and name. */
  async function applied(kubectl: Kubectl, text: string): Promise<Map<string, unknown>> {
    const file = join(folderWith(text), 'objects.yaml');
    const args = ['apply', '--dry-run=client', '--validate=false', '-o', 'json', '-f', file];
    const out = JSON.parse(await kubectlOk(kubectl, args));
    const items: Record<string, any>[] = out.kind === 'List' ? out.items : [out];
    return new Map(items.map((o) => [`${o.kind}/${o.metadata.name}`, comparable(o)]));
  }

  /** The objects `kubectl kustomize` prints, by kind and name. */
  async function kustomized(kubectl: Kubectl, text: string): Promise<Map<string, unknown>> {
    const out = await kubectlOk(kubectl, ['kustomize', folderWith(text)]);
    return new Map(
      parseAllDocuments(out).map((doc) => {
        const o = doc.toJS() as Record<string, any>;
        return [`${o.kind}/${o.metadata.name}`, comparable(o)];
      }),
    );
  }

  /** The entries whose objects `got` holds other than `expected` does, and what it holds. */
  function differences(
    entries: readonly Entry[],
    expected: (name: string) => unknown,
    got: Map<string, unknown>,
  ): string[] {
    const out: string[] = [];
    entries.forEach((e, i) => {
      for (const kind of ['ConfigMap', 'Sample']) {
        const name = `${kind}/entry-${i}`;
        if (!sameData(got.get(name), expected(name))) {
          out.push(`${show(e)}\n    read back as ${show(got.get(name))}`);
        }
      }
    });
    return out;
  }

  /** Whether kustomize builds `text`. */
  async function kustomizeBuilds(kubectl: Kubectl, text: string): Promise<boolean> {
    return (await runKubectl(kubectl, ['kustomize', folderWith(text)], env)).code === 0;
  }

  /**
   * The entries kustomize builds from JSON, each alone when the batch fails: kustomize has
   * limits of its own beyond those {@link kustomizeCarries} names (it fails writing back some
   * keys that start with a tab, from any input), which are no test of the writer.
   */
  async function carriedFromJson(kubectl: Kubectl, entries: readonly Entry[]): Promise<Entry[]> {
    if (await kustomizeBuilds(kubectl, asJson(objectsOfAll(entries)))) return [...entries];
    const builds = await Promise.all(
      entries.map((e) => kustomizeBuilds(kubectl, asJson(objectsOf(e, 0)))),
    );
    return entries.filter((_, i) => builds[i]);
  }

  /** The entries kustomize fails on alone from toYaml's YAML: why a batch failed. */
  async function failingAlone(kubectl: Kubectl, entries: readonly Entry[]): Promise<string> {
    const lines: string[] = [];
    for (const e of entries) {
      const run = await runKubectl(
        kubectl,
        ['kustomize', folderWith(toYaml(objectsOf(e, 0)))],
        env,
      );
      if (run.code !== 0) lines.push(`${show(e)}: ${run.stderr.trim()}`);
    }
    return lines.join('\n');
  }

  const expectedOf = (entries: readonly Entry[]) =>
    new Map(
      entries.flatMap((e, i) =>
        objectsOf(e, i).map((o): [string, unknown] => [
          `${o.kind}/entry-${i}`,
          comparable(JSON.parse(JSON.stringify(o))),
        ]),
      ),
    );

  const objectsOfAll = (entries: readonly Entry[]) => entries.flatMap(objectsOf);

  const fail = (what: string, found: string[], text: string) => {
    if (found.length > 0) {
      throw new Error(
        `${what} read ${found.length} entries differently:\n${found.join('\n')}\n--- YAML:\n${text}`,
      );
    }
  };

  describe.each(kubectls.map((k): [string, Kubectl] => [k.version, k]))(
    'kubectl %s',
    (_version, kubectl) => {
      it('apply --dry-run=client -o json reads back every generated string, number and boolean', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(entry, BATCH), async (entries) => {
            const text = toYaml(objectsOfAll(entries));
            const expected = expectedOf(entries);
            fail(
              'kubectl apply',
              differences(entries, (n) => expected.get(n), await applied(kubectl, text)),
              text,
            );
          }),
          // A failing batch lists its entries; shrinking it further runs kubectl per step.
          { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
        );
      });

      it('kustomize prints the same objects as from the same data written as JSON', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(entry.filter(kustomizeCarries), BATCH), async (generated) => {
            const entries = await carriedFromJson(kubectl, generated);
            const objects = objectsOfAll(entries);
            const text = toYaml(objects);
            const [fromJson, fromYaml] = await Promise.all([
              kustomized(kubectl, asJson(objects)),
              kustomized(kubectl, text),
            ]).catch(async (error) => {
              throw new Error(`${String(error)}\n${await failingAlone(kubectl, entries)}`);
            });
            fail(
              'kubectl kustomize',
              differences(entries, (n) => fromJson.get(n), fromYaml),
              text,
            );
          }),
          // A failing batch lists its entries; shrinking it further runs kubectl per step.
          { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
        );
      });

      it('the checks fail on YAML that kubectl reads as something else', async () => {
        const entries: Entry[] = [{ key: 'k', value: '0o17', other: 1 }];
        const [configMap, sample] = objectsOfAll(entries);
        // The custom resource's list items left plain: go-yaml reads 0o17 as the integer 15.
        const plain = `${toYaml([configMap])}---\n${toYaml([sample]).replaceAll('- "0o17"', '- 0o17')}`;
        const expected = expectedOf(entries);
        const fromJson = await kustomized(kubectl, asJson([configMap, sample]));
        const [byApply, byKustomize] = await Promise.all([
          applied(kubectl, plain),
          kustomized(kubectl, plain),
        ]);
        expect(differences(entries, (n) => expected.get(n), byApply)).toHaveLength(1);
        expect(differences(entries, (n) => fromJson.get(n), byKustomize)).toHaveLength(1);
      });

      it.each([
        ['a key with a NEL', { key: 'a\x85b', value: 'v', other: 1 }],
        ['a DEL', { key: 'k', value: 'a\x7fb', other: 1 }],
        ['a key of 1024 characters', { key: 'k'.repeat(1024), value: 'v', other: 1 }],
      ])('kustomize cannot carry %s from JSON either', async (_what, e: Entry) => {
        expect(kustomizeCarries(e)).toBe(false);
        const run = await runKubectl(
          kubectl,
          ['kustomize', folderWith(asJson(objectsOf(e, 0)))],
          env,
        );
        expect(run.code).not.toBe(0);
      });

      it.each(['0', '', '2001-12-14'])(
        'kustomize fails on the annotation key %j from JSON too',
        async (key) => {
          const e: Entry = { key, value: 'v', other: 1 };
          expect(kustomizeCarries(e)).toBe(false);
          const folder = folderWith(asJson(objectsOf(e, 0)));
          expect((await runKubectl(kubectl, ['kustomize', folder], env)).code).not.toBe(0);
        },
      );

      it('kustomize fails on an annotation key with a tab first and a line break, from any YAML', async () => {
        expect(kustomizeCarries({ key: '\tx\ny', value: 'v', other: 1 })).toBe(false);
        const yaml = (annotations: string) =>
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: ${annotations}\n`;
        for (const annotations of [
          '\n    "\\tx\\ny": v',
          '\n    ? "\\tx\\ny"\n    : v',
          '{"\\tx\\ny": v}',
        ]) {
          expect(await kustomizeBuilds(kubectl, yaml(annotations))).toBe(false);
        }
      });

      it('kustomize drops a key << from JSON too', async () => {
        const e: Entry = { key: '<<', value: 'v', other: 1 };
        expect(kustomizeCarries(e)).toBe(false);
        const fromJson = await kustomized(kubectl, asJson(objectsOf(e, 0)));
        expect(fromJson.get('ConfigMap/entry-0')).toEqual({
          annotations: {},
          labels: { l: 'v' },
          data: { v: 'v' },
        });
      });
    },
  );
}
