/**
 * Seeded random JSON data for property tests of the YAML serializer: the same seed gives the
 * same objects, so a failure names a seed that reproduces it.
 */

/** mulberry32: a small, fast 32-bit generator; plenty for test data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which characters and words the strings may contain. */
export interface Alphabet {
  /** Single characters strings are built from. */
  readonly chars: readonly string[];
  /** Whole strings and fragments that YAML readers treat specially. */
  readonly words: readonly string[];
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

/** Plain text, YAML indicators, blanks and line breaks, non-ASCII text and C0 controls. */
const COMMON_CHARS = [
  ...range(0x61, 0x7a),
  ...range(0x41, 0x5a),
  ...range(0x30, 0x39),
  ...'-?:,[]{}#&*!|>\'"%@`~<=+._/\\$^()',
  ' ',
  ' ',
  ' ',
  '\t',
  '\n',
  '\n',
  '\r',
  '\u00a0',
  'é',
  'ß',
  '☃',
  '日本',
  '😀',
  '\x00',
  '\x01',
  '\x07',
  '\x08',
  '\x0b',
  '\x0c',
  '\x1b',
  '\x1f',
];

/**
 * YAML 1.1 plain scalars that are not strings (yaml.org/type: null, bool, int, float,
 * timestamp, merge), document markers, and strings with meaningful blanks and line breaks.
 */
const COMMON_WORDS = [
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off'],
  ...['OFF', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', ''],
  ...['0', '7', '-1', '+1', '0755', '0x1F', '0b101', '-0b1', '08', '1_000', '1e3', '1E-3'],
  ...['.5', '-.5', '+.5', '1.', '1.5', '6.8523015e+5', '.inf', '-.Inf', '.NaN', '.nan', '12:30'],
  ...['190:20:30.15', '2024-01-02', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10'],
  ...['<<', '---', '...', '--- x', '%YAML', '- ', '? ', ': ', ' #', '#', 'a: b', 'a #b', '-', '?'],
  ...['\n', '\n\n', ' \n', '\n ', '  ', 'line\n', 'a\nb', '  lead\nline', 'tail\n\n\n', ' '],
];

/** What the `yaml` package writes the same way as toYaml. */
export const YAML_PACKAGE_ALPHABET: Alphabet = { chars: COMMON_CHARS, words: COMMON_WORDS };

/**
 * Everything: also the strings the `yaml` package left plain or unescaped although go-yaml
 * reads them as numbers or line breaks or rejects them (DEL, C1 controls, U+2028, U+2029,
 * U+FEFF, U+FFFE, U+FFFF, lone surrogates).
 */
export const FULL_ALPHABET: Alphabet = {
  chars: [
    ...COMMON_CHARS,
    '\x7f',
    '\x85',
    '\x9b',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\ufffe',
    '\uffff',
    '\ud800',
    '\udfff',
  ],
  words: [...COMMON_WORDS, '0o17', '0O17', '0X1F', '0B11', '0_x1F', '-_1', '1e_3', '+0o7'],
};

/**
 * What `kubectl kustomize` itself round-trips: without DEL, C1 controls but NEL, U+FFFE,
 * U+FFFF and lone surrogates (it fails re-encoding them, whatever the input format).
 */
export const KUSTOMIZE_ALPHABET: Alphabet = {
  chars: [...COMMON_CHARS, '\x85', '\u2028', '\u2029', '\ufeff'],
  words: [
    ...COMMON_WORDS.filter((w) => w !== '<<'),
    '0o17',
    '0O17',
    '0X1F',
    '0B11',
    '0_x1F',
    '-_1',
  ],
};

/** Options of {@link randomObject}. */
export interface RandomOptions {
  readonly alphabet: Alphabet;
  /** @default 4 */
  readonly maxDepth?: number;
  /** Keys of at most this length (kustomize fails on keys of 1024 characters). @default 1100 */
  readonly maxKeyLength?: number;
  /** Characters that keys never contain (kustomize cannot re-encode a NEL in a key). @default none */
  readonly keyExcludes?: readonly string[];
}

/** A random JSON object: nested maps and lists of strings, numbers, booleans and null. */
export function randomObject(
  random: () => number,
  options: RandomOptions,
): Record<string, unknown> {
  const { alphabet, maxDepth = 4, maxKeyLength = 1100, keyExcludes = [] } = options;
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];

  const string = (): string => {
    switch (int(6)) {
      case 0:
        return pick(alphabet.words);
      case 1:
        return pick(alphabet.words) + pick(alphabet.chars) + pick(alphabet.words);
      case 2:
        // Long enough for multi-line double quotes (40 characters or more).
        return Array.from({ length: 40 + int(40) }, () => pick(alphabet.chars)).join('');
      case 3:
        return Array.from({ length: 1 + int(4) }, () =>
          int(2) ? pick(alphabet.words) : 'word',
        ).join(pick(['\n', ' ', '\n\n', ': ', '\t']));
      default:
        return Array.from({ length: int(12) }, () => pick(alphabet.chars)).join('');
    }
  };
  const key = (): string => {
    let k = int(50) === 0 ? 'k'.repeat(1000 + int(60)) : string();
    for (const excluded of keyExcludes) k = k.split(excluded).join('');
    return k.length > maxKeyLength ? k.slice(0, maxKeyLength) : k;
  };
  const number = (): number =>
    pick([
      int(100),
      -int(100000),
      random() * 1000,
      -random(),
      2 ** 53 - 1,
      1e21,
      1.5e-7,
      0.1,
      123456789012,
    ]);

  const value = (depth: number): unknown => {
    const choice = int(depth >= maxDepth ? 5 : 8);
    switch (choice) {
      case 0:
      case 1:
        return string();
      case 2:
        return number();
      case 3:
        return int(2) === 0;
      case 4:
        return null;
      case 5:
        return map(depth + 1);
      case 6:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default:
        return int(3) === 0 ? {} : [map(depth + 1)];
    }
  };
  const map = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = int(6); i > 0; i--) out[key()] = value(depth);
    return out;
  };
  return map(0);
}
