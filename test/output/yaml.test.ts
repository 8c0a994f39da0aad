import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { defineScale, scalePlatform } from '#bench/scale-definition';
import { synthesizePlatform } from '#lib/output/synthesize';
import { toYaml } from '#lib/output/yaml';
import {
  FULL_ALPHABET,
  KUSTOMIZE_ALPHABET,
  randomObject,
  randomSource,
  YAML_PACKAGE_ALPHABET,
} from '../support/random-json';

type Json = Record<string, unknown>;

/**
 * Whether go-yaml reads plain `s` as a number: goyaml.v2 resolve() drops every `_`, then tries
 * `strconv.ParseInt(s, 0, 64)` (Go's 0x, 0o, 0b prefixes in either case, a leading 0 for
 * octal) and its yamlStyleFloat pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
 */
function goReadsAsNumber(s: string): boolean {
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  return (
    /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(plain) ||
    /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)
  );
}

const example = synthesizePlatform(platform, defineShop);
const scale = synthesizePlatform(scalePlatform, defineScale(50, true));
const all = (manifests: typeof example) => manifests.flatMap((m) => m.objects as Json[]);

/** What the library emitted before: the `yaml` package with YAML 1.1 quoting. */
const yamlPackage = (objects: readonly Json[]) =>
  objects
    .map((o) => stringify(o, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false }))
    .join('---\n');

/** Reads a stream back with a YAML 1.1 reader, failing on any error or warning. */
function read11(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0 || doc.warnings.length > 0) {
      throw new Error([...doc.errors, ...doc.warnings].map((e) => e.message).join('\n'));
    }
    return doc.toJS();
  });
}

/** The data as JSON has it (undefined map entries dropped), to compare with what was read. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/** `count` objects from each seed: a failure message names the seed that reproduces it. */
function randomObjects(seeds: number, count: number, options: Parameters<typeof randomObject>[1]) {
  const out: { seed: number; object: Json }[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const random = randomSource(seed);
    for (let i = 0; i < count; i++) out.push({ seed, object: randomObject(random, options) });
  }
  return out;
}

const one = (value: unknown) => toYaml([{ v: value }]);

describe('toYaml: scalars as a YAML 1.1 reader (kubectl) reads them back', () => {
  // yaml.org/type/bool.html, null.html, int.html, float.html, timestamp.html (YAML 1.1).
  it.each([
    'no',
    'No',
    'NO',
    'n',
    'on',
    'On',
    'yes',
    'y',
    'Y',
    'off',
    'true',
    'False',
    '~',
    'null',
    'Null',
    '0755',
    '0x1F',
    '0b101',
    '1e3',
    '1E-3',
    '1_000',
    '12:30',
    '190:20:30.15',
    '.5',
    '1.',
    '+1',
    '-.inf',
    '.NaN',
    '2024-01-02',
    '2001-12-14t21:59:43.10-05:00',
  ])('quotes %j, which YAML 1.1 reads as a boolean, null, number or timestamp', (text) => {
    expect(one(text)).toBe(`v: "${text}"\n`);
    expect(toYaml([{ [text]: 1 }])).toBe(`"${text}": 1\n`);
  });

  // goyaml.v2 resolve(): `strconv.ParseInt(strings.Replace(s, "_", "", -1), 0, 64)` reads
  // Go's base prefixes in either case, which YAML 1.1's patterns do not list.
  it.each(['0o17', '0O17', '0X1F', '0B11', '0_x1F', '-_1', '+0o7'])(
    'quotes %j, which go-yaml reads as a number',
    (text) => {
      expect(one(text)).toBe(`v: "${text}"\n`);
    },
  );

  it.each([
    ['', '""'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['\ttab', '"\\ttab"'],
    ['a: b', '"a: b"'],
    ['a:', '"a:"'],
    ['a #b', '"a #b"'],
    ['-', '"-"'],
    ['- x', '"- x"'],
    ['?', '"?"'],
    ['? x', '"? x"'],
    [',x', '",x"'],
    ['[x', '"[x"'],
    [']x', '"]x"'],
    ['{x', '"{x"'],
    ['}x', '"}x"'],
    ['#x', '"#x"'],
    ['&x', '"&x"'],
    ['*x', '"*x"'],
    ['!x', '"!x"'],
    ['|x', '"|x"'],
    ['>x', '">x"'],
    ["'x", `"'x"`],
    ['"x', `'"x'`],
    ['%x', '"%x"'],
    ['@x', '"@x"'],
    ['`x', '"`x"'],
  ])('quotes %j as %s', (text, written) => {
    expect(one(text)).toBe(`v: ${written}\n`);
  });

  // A plain scalar may start with '-', '?' or ':' when a non-space follows (YAML 1.2 §7.3.3,
  // ns-plain-first), may hold ': ' only quoted, and '#' only after a non-space.
  it.each([
    '-x',
    '?x',
    ':x',
    'a:b',
    'a#b',
    'http://x/y?z=1#f',
    'a,b[0]{c}',
    'tab\tinside',
    'é☃😀',
    'both \' and "',
  ])('leaves %j plain', (text) => {
    expect(one(text)).toBe(`v: ${text}\n`);
  });

  it('escapes control characters in double quotes, with YAML short forms', () => {
    expect(one('a\x00\x07\x08\x0b\x0c\x1b\x01\rb')).toBe('v: "a\\0\\a\\b\\v\\f\\e\\x01\\rb"\n');
  });

  // go-yaml's reader rejects DEL and C1 controls and U+FFFE/U+FFFF even in quotes ("control
  // characters are not allowed", readerc.go) and reads NEL, U+2028, U+2029 as line breaks.
  it('escapes the characters go-yaml would reject or read as line breaks', () => {
    expect(one('a\x7fb\x85c\x9bd')).toBe('v: "a\\x7fb\\Nc\\x9bd"\n');
    expect(one('a\u2028b\u2029c')).toBe('v: "a\\Lb\\Pc"\n');
    expect(one('\ufeffa\ufffe\uffff')).toBe('v: "\\uFEFFa\\uFFFE\\uFFFF"\n');
  });

  it('writes multi-line strings as literal blocks that keep every line break and space', () => {
    expect(one('a\nb')).toBe('v: |-\n  a\n  b\n');
    expect(one('a\nb\n')).toBe('v: |\n  a\n  b\n');
    expect(one('a\n\n\n')).toBe('v: |+\n  a\n\n\n');
    expect(one('  x\ny')).toBe('v: |2-\n    x\n  y\n');
    expect(one('\n\nx\n')).toBe('v: |\n  \n\n  x\n');
    expect(toYaml([{ a: { b: ['x\ny\n'] } }])).toBe('a:\n  b:\n    - |\n      x\n      y\n');
    expect(one('x\n\ty')).toBe('v: |-\n  x\n  \ty\n');
  });

  it('quotes multi-line strings that a block cannot hold', () => {
    // A last line of blanks would be taken for indentation, and so would a string of blanks.
    expect(one('a\n ')).toBe('v: "a\\n "\n');
    expect(one(' \n')).toBe('v: "\\ \\n"\n');
    // A tab first in a block: go-yaml rejects it where it looks for the indentation.
    expect(one('\tx\ny')).toBe('v: "\\tx\\ny"\n');
    expect(one('\n  \tx')).toBe('v: "\\n  \\tx"\n');
    // 40 characters or more: each line break written as an escaped newline and a folded one.
    expect(one('first line of a longer text\r\nsecond line')).toBe(
      'v: "first line of a longer text\\r\n\n  second line"\n',
    );
  });

  // js-yaml's timestamps (yaml.js: a fraction of no digits, a zone of any two digits), which
  // the YAML 1.1 pattern misses: js-yaml reads them as dates, as keys too.
  it.each(['2001-12-14 21:59:43.', '2001-12-14t1:00:00 +35', '0000-0-0T0:00:00.'])(
    'quotes %j, which js-yaml reads as a date',
    (text) => {
      expect(one(text)).toBe(`v: "${text}"\n`);
      expect(toYaml([{ [text]: 1 }])).toBe(`"${text}": 1\n`);
    },
  );

  it('escapes a space before a line break once, where a folded line starts with it', () => {
    // A config file's blank line of one space, in a string written in folded double quotes:
    // the `yaml` package wrote `\\ ` there, read back as a backslash and a space.
    const text = `${'x'.repeat(40)}\n \n `;
    expect(one(text)).toBe(`v: "${'x'.repeat(40)}\n\n  \\ \n\n  \\ "\n`);
    expect(read11(one(text))).toEqual([{ v: text }]);
  });

  it('quotes keys that need it, and root keys that would end the document', () => {
    expect(toYaml([{ 'a: b': 1, 'k\ny': 2, '<<': 3, '---x': 4, nested: { '---x': 5 } }])).toBe(
      '"a: b": 1\n"k\\ny": 2\n"<<": 3\n"---x": 4\nnested:\n  ---x: 5\n',
    );
  });

  it('writes keys longer than 1024 characters as explicit keys', () => {
    const long = 'k'.repeat(1025);
    expect(toYaml([{ [long]: { a: 1 }, b: 2 }])).toBe(`? ${long}\n: a: 1\nb: 2\n`);
  });

  it('writes numbers, booleans, null, empty collections and undefined as JSON does', () => {
    expect(
      toYaml([
        { x: [0, -3, 0.5, 1e21, 1.5e-7], t: true, f: false, z: null, e: {}, l: [], u: undefined },
      ]),
    ).toBe(
      'x:\n  - 0\n  - -3\n  - 0.5\n  - 1e+21\n  - 1.5e-7\nt: true\nf: false\nz: null\ne: {}\nl: []\n',
    );
    expect(toYaml([{ l: [undefined, [1, [2]], { a: {} }] }])).toBe(
      'l:\n  - null\n  - - 1\n    - - 2\n  - a: {}\n',
    );
  });

  it('separates documents with --- and ends each with a line break', () => {
    expect(toYaml([{ a: 1 }, {}, { b: [] }])).toBe('a: 1\n---\n{}\n---\nb: []\n');
    expect(toYaml([])).toBe('');
  });

  it('fails on data that is not JSON, naming where it is', () => {
    expect(() => toYaml([{ a: 1 }, { spec: { x: [1, () => 1] } }])).toThrow(
      'toYaml: object 1, at .spec.x[1]: a function is not JSON data',
    );
    expect(() => toYaml([{ n: BigInt(1) }])).toThrow(TypeError);
  });

  it('gives the same bytes every time, whatever it wrote before', () => {
    const objects = all(example);
    const first = toYaml(objects);
    toYaml(randomObjects(5, 20, { alphabet: FULL_ALPHABET }).map((r) => r.object));
    expect(toYaml(objects)).toBe(first);
  });
});

describe('toYaml: the same bytes as the yaml package', () => {
  it('on every environment of the example', () => {
    for (const { objects } of example)
      expect(toYaml(objects as Json[])).toBe(yamlPackage(objects as Json[]));
  });

  it('on the scale benchmark output (N=50)', () => {
    for (const { objects } of scale)
      expect(toYaml(objects as Json[])).toBe(yamlPackage(objects as Json[]));
  });

  /**
   * Where the `yaml` package's YAML 1.1 output was wrong for kubectl, toYaml differs on purpose:
   * characters go-yaml rejects or reads as line breaks, `<<` (a merge key when plain),
   * numbers in Go's syntax only, strings of blanks and line breaks (a block loses them), and
   * multi-line strings whose first line with content starts with a tab (quoted here),
   * js-yaml's timestamps, and folded double quotes with a line of one space (escaped once).
   */
  const differsOnPurpose = (s: string) =>
    /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s) ||
    s === '<<' ||
    (/^[\t \n]*$/.test(s) && s.includes('\n')) ||
    (/^[ \n]*\t/.test(s) && s.includes('\n')) ||
    (goReadsAsNumber(s) && typeof parse(s, { version: '1.1' }) === 'string') ||
    (/^[0-9]{4}-/.test(s) && typeof parse(s, { version: '1.1' }) === 'string') ||
    (s.length >= 40 && /\n \n/.test(s));
  const strings = (value: unknown, out: string[] = []): string[] => {
    if (typeof value === 'string') out.push(value);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!Array.isArray(value)) out.push(k);
        strings(v, out);
      }
    }
    return out;
  };

  it('on random objects (60 seeds × 20)', () => {
    let compared = 0;
    for (const { seed, object } of randomObjects(60, 20, { alphabet: YAML_PACKAGE_ALPHABET })) {
      if (strings(object).some(differsOnPurpose)) continue;
      compared += 1;
      const ours = toYaml([object]);
      if (ours !== yamlPackage([object])) {
        expect({ seed, ours }).toEqual({ seed, ours: yamlPackage([object]) });
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('toYaml: read back by a YAML 1.1 reader as the same data', () => {
  it('the example', () => {
    const objects = all(example);
    expect(read11(toYaml(objects))).toEqual(asJson(objects));
  });

  it('the scale benchmark output (N=50)', () => {
    const objects = all(scale);
    expect(read11(toYaml(objects))).toEqual(asJson(objects));
  });

  it('random objects with every kind of string (100 seeds × 20)', () => {
    for (const { seed, object } of randomObjects(100, 20, { alphabet: FULL_ALPHABET })) {
      const text = toYaml([object]);
      let back: unknown;
      try {
        [back] = read11(text);
      } catch (error) {
        back = String(error);
      }
      if (JSON.stringify(back) !== JSON.stringify(asJson(object))) {
        expect({ seed, text, back }).toEqual({ seed, text, back: asJson(object) });
      }
    }
  });
});

const execFileAsync = promisify(execFile);
// kubectl kustomize runs take seconds each on a busy machine: more than jest's default 5 s.
jest.setTimeout(60_000);

/** kubectl with its built-in kustomize, when on PATH. */
const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return undefined;
  }
})();

/**
 * kubectl reads our YAML as it reads the same objects written as JSON: `kubectl kustomize`
 * (kyaml on go-yaml v3) builds both and prints them, and the two prints hold the same data.
 * (Compared as data with sorted keys: kustomize's order of some map keys varies run to run.)
 */
(kubectl ? describe : describe.skip)(
  'toYaml: read by kubectl kustomize as the same objects',
  () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'gke-platform-yaml-'));
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    // JSON text leaves DEL, C1 controls, U+2028, U+2029 and U+FEFF raw; go-yaml needs escapes.
    const jsonStream = (objects: readonly Json[]) =>
      objects
        .map((o) =>
          JSON.stringify(o).replace(
            /[\x7f-\x9f\u2028\u2029\ufeff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
        )
        .join('\n---\n');

    /** `kubectl kustomize` of a folder holding `text`; several run at once. */
    async function kustomize(name: string, text: string): Promise<string> {
      const folder = join(root, name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'objects.yaml'), text);
      writeFileSync(join(folder, 'kustomization.yaml'), 'resources:\n  - objects.yaml\n');
      const { stdout } = await execFileAsync(kubectl!, ['kustomize', folder], {
        encoding: 'utf8',
        maxBuffer: 256 << 20,
      });
      return stdout;
    }

    /** A printed stream as sorted-key JSON, one string per object. */
    const canonical = (text: string) =>
      parseAllDocuments(text).map((doc) =>
        JSON.stringify(doc.toJS(), (_, value: unknown) =>
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
            : value,
        ),
      );

    const sameAsJson = async (name: string, objects: readonly Json[]) => {
      const [json, yaml] = await Promise.all([
        kustomize(`${name}-json`, jsonStream(objects)),
        kustomize(`${name}-yaml`, toYaml(objects)),
      ]);
      const fromJson = canonical(json);
      expect(fromJson).toHaveLength(objects.length);
      expect(canonical(yaml)).toEqual(fromJson);
    };

    it('the example', async () => {
      // One stream per environment: kustomize rejects two objects with one kind and name.
      await Promise.all(
        example.map(({ environment, objects }) =>
          sameAsJson(`example-${environment}`, objects as Json[]),
        ),
      );
    });

    it('the scale benchmark output (prod, up to 20 objects of each kind: kustomize is quadratic)', () => {
      const prod = scale.find((m) => m.environment === 'prod')!;
      const perKind = new Map<unknown, number>();
      const some = prod.objects.filter((o) => {
        const seen = perKind.get(o.kind) ?? 0;
        perKind.set(o.kind, seen + 1);
        return seen < 20;
      });
      return sameAsJson('scale-prod', some as Json[]);
    });

    it('random objects (20 seeds × 20), as the data of sample resources', () => {
      // kustomize itself fails on keys of about 1024 characters or with a NEL, from any input.
      const objects = randomObjects(20, 20, {
        alphabet: KUSTOMIZE_ALPHABET,
        maxKeyLength: 1000,
        keyExcludes: ['\x85'],
      }).map(({ seed, object }, i) => ({
        apiVersion: 'example.com/v1',
        kind: 'Sample',
        metadata: { name: `sample-${i}`, annotations: { seed: String(seed) } },
        data: object,
      }));
      return sameAsJson('random', objects);
    });
  },
);
