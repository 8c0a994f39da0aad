import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { toYaml } from '#lib/output/yaml';
import { notAStringWhenPlain, yamlData, yamlString } from '../support/yaml-strings';

/**
 * Differential property tests: what toYaml writes, every JavaScript YAML reader reads back as
 * the data it was given — keys and values, strings, numbers and booleans. The readers: the
 * `yaml` package in YAML 1.2 and 1.1 mode and js-yaml (its default schema, with YAML 1.1
 * timestamps and merge keys). kubectl and kustomize are test/output/yaml-kubectl.e2e.ts's.
 * Seeded; a failure prints the shrunk counterexample, the reader and what it read.
 */
const SEED = 20240611;

/** One document read by the `yaml` package; an error or a warning is a failure. */
function yamlPackage(version: '1.1' | '1.2') {
  return (text: string): unknown => {
    const docs = parseAllDocuments(text, { version });
    if (!Array.isArray(docs) || docs.length !== 1) throw new Error('not one document');
    const [doc] = docs;
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
    return doc.toJS();
  };
}

const READERS: Record<string, (text: string) => unknown> = {
  'yaml (YAML 1.2)': yamlPackage('1.2'),
  'yaml (YAML 1.1)': yamlPackage('1.1'),
  'js-yaml': (text) => load(text),
};

/** Fails naming the reader, what it read and the YAML, when a reader reads other data. */
function readsBackAs(data: Record<string, unknown>): void {
  const text = toYaml([data]);
  for (const [name, read] of Object.entries(READERS)) {
    let back: unknown;
    try {
      back = read(text);
    } catch (error) {
      throw new Error(`${name} failed: ${String(error)}\n--- YAML:\n${text}`);
    }
    if (!isDeepStrictEqual(back, data)) {
      throw new Error(`${name} read back ${show(back)}\n--- YAML:\n${text}`);
    }
  }
}

/** Data as JSON, with the characters a terminal hides escaped, and a Date named as one. */
const show = (value: unknown) =>
  JSON.stringify(value, function (key) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Date ? `Date(${raw.toISOString()})` : raw;
  }).replace(/[\x7f-\x9f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

const assertProperty = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => void, numRuns = 300) =>
  fc.assert(fc.property(arbitrary, check), { seed: SEED, numRuns });

describe('toYaml: every JavaScript YAML reader reads the data back', () => {
  it('strings as values', () => {
    assertProperty(yamlString(), (value) => readsBackAs({ value }), 500);
  });

  it('strings as keys', () => {
    assertProperty(yamlString(), (key) => readsBackAs({ [key]: 'v', nested: { [key]: 'v' } }), 500);
  });

  it('strings as items of a list, and as both key and value of a nested map', () => {
    assertProperty(yamlString(), (s) => readsBackAs({ list: [s, [s]], map: { [s]: { [s]: s } } }));
  });

  it('whole strings that some reader takes for another type when plain, in every place', () => {
    assertProperty(notAStringWhenPlain, (s) => readsBackAs({ [s]: s, l: [s], m: { [s]: [s] } }));
  });

  it('nested data with such strings, numbers, booleans and null', () => {
    assertProperty(yamlData(), (data) => readsBackAs(data));
  });

  it('the check fails on what a reader reads differently (a plain date for js-yaml)', () => {
    const check = () => readsBackAs({ d: '2001-12-14' });
    expect(check).not.toThrow();
    // What the check would see if the writer left the date plain.
    expect(isDeepStrictEqual(load('d: 2001-12-14'), { d: '2001-12-14' })).toBe(false);
  });
});
