/**
 * fast-check generators of the strings, keys and data that YAML readers treat specially, for
 * differential tests of the YAML writer: every string a reader may take for something else
 * (YAML 1.1 booleans in any case, octal-like and Go-style numbers, sexagesimal numbers,
 * timestamps, `.inf`, `.nan`, `~`, `null`, `<<`, `=`), every indicator a plain scalar may not
 * start with, and the characters that need care (blanks at line ends, tabs, `\r`, control
 * characters, BOM, NEL, U+2028/2029, non-BMP text), mixed into one another.
 */
import fc from 'fast-check';

/** A word in a random mix of upper and lower case (`yEs`, `NuLL`). */
const anyCase = (words: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...words), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
    .map(([word, upper]) =>
      [...word].map((ch, i) => (upper[i % 8] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
    );

const digits = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
    .map((d) => d.join(''));
const sign = fc.constantFrom('', '-', '+');

/** YAML 1.1 booleans and nulls (yaml.org/type/bool.html, null.html) and JSON's. */
const booleanOrNull = anyCase(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** Integers in every base any reader knows, with `_` separators now and then. */
const integerLike = fc
  .tuple(
    sign,
    fc.constantFrom('', '0', '0o', '0O', '0x', '0X', '0b', '0B', '0_'),
    digits(1, 4),
    fc.constantFrom('', '_', '_0'),
  )
  .map((parts) => parts.join(''));

/** Floats: exponents, leading and trailing dots, `.inf` and `.nan` in any case. */
const floatLike = fc.oneof(
  fc
    .tuple(sign, digits(0, 3), fc.constantFrom('', '.', '.5'), fc.constantFrom('', 'e3', 'E-3'))
    .map((parts) => parts.join('')),
  fc.tuple(sign, anyCase(['.inf', '.nan'])).map((parts) => parts.join('')),
);

/** Base 60 (yaml.org/type/int.html, float.html): `1:20`, `190:20:30.15`. */
const sexagesimal = fc
  .tuple(sign, digits(1, 3), fc.array(digits(1, 2), { minLength: 1, maxLength: 3 }))
  .chain(([s, first, rest]) =>
    fc.constantFrom('', '.', '.15').map((fraction) => `${s}${first}:${rest.join(':')}${fraction}`),
  );

/** Timestamps as YAML 1.1, js-yaml and go-yaml read them, and near misses. */
const timestampLike = fc
  .tuple(
    digits(4, 4),
    digits(1, 2),
    digits(1, 2),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', 't', ' ', '  ', '\t'),
        digits(1, 2),
        digits(1, 2),
        digits(1, 2),
        fc.constantFrom('', '.', '.1', '.123456789'),
        fc.constantFrom('', 'Z', ' Z', '+1', '-05:00', ' +35', '-5'),
      ),
      { nil: undefined },
    ),
  )
  .map(([y, m, d, time]) => {
    const date = `${y}-${m}-${d}`;
    if (!time) return date;
    const [sep, hh, mm, ss, fraction, zone] = time;
    return `${date}${sep}${hh}:${mm}:${ss}${fraction}${zone}`;
  });

/** Whole strings that some reader resolves to something other than a string. */
export const notAStringWhenPlain = fc.oneof(
  booleanOrNull,
  integerLike,
  floatLike,
  sexagesimal,
  timestampLike,
  fc.constantFrom('~', '', '<<', '=', '---', '...', '--- x', '... x', '%YAML 1.1'),
);

/** Indicators and the pairs a plain scalar may not start with or hold. */
const indicator = fc.constantFrom(
  ...['-', '- ', '?', '? ', ':', ': ', ' #', '#', '%', '@', '`', '!', '&', '*', '|', '>'],
  ...["'", '"', ',', '[', ']', '{', '}', '<<', '=', '~', '\\', '!!str', '&a', '*a', '|-', '>+'],
);

/** Blanks, line breaks, control and format characters, non-ASCII and non-BMP text. */
const specialChar = fc.constantFrom(
  ...[' ', ' ', '  ', '\t', '\n', '\n', '\n\n', '\r', '\r\n', ' \n', '\t\n', '\n ', '\n\t'],
  ...['\x00', '\x01', '\x07', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\x85', '\x9b'],
  ...['\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', 'é', '日本', '😀', '\u{10ffff}'],
);

/** Plain text: what most of a real string is. */
const text = fc.constantFrom('a', 'b', 'key', 'x = 1', 'hello world', 'a.b/c', '8080', 'port');

/** Characters that cannot be written as UTF-8 (lone surrogates). */
const unencodable = fc.constantFrom('\ud800', '\udfff');

/** Options of {@link yamlString}. */
export interface YamlStringOptions {
  /** Include lone surrogates, which no UTF-8 file can hold. @default true */
  readonly unencodable?: boolean;
  /** Characters the strings never contain. @default none */
  readonly exclude?: readonly string[];
}

/**
 * A string made of the pieces above, now and then a whole special word, a long repetition
 * (over 1024 characters: keys beyond that are explicit), or arbitrary code points.
 */
export function yamlString(options: YamlStringOptions = {}): fc.Arbitrary<string> {
  const { unencodable: withUnencodable = true, exclude = [] } = options;
  const piece = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 3, arbitrary: specialChar },
    { weight: 2, arbitrary: indicator },
    { weight: 2, arbitrary: notAStringWhenPlain },
    ...(withUnencodable ? [{ weight: 1, arbitrary: unencodable }] : []),
  );
  const string = fc.oneof(
    { weight: 3, arbitrary: notAStringWhenPlain },
    { weight: 8, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(piece, fc.integer({ min: 100, max: 1100 }))
        .map(([p, times]) => p.repeat(Math.ceil(times / Math.max(1, p.length)))),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: withUnencodable ? 'binary' : 'grapheme', maxLength: 12 }),
    },
  );
  if (exclude.length === 0) return string;
  return string.map((s) => [...exclude].reduce((out, ch) => out.split(ch).join(''), s));
}

/** JSON numbers and booleans, as values. */
export const jsonNumberOrBoolean = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 1e21, 1.5e-7, 2 ** 53 - 1, 0.1),
);

/** Nested JSON data (maps and lists) with such strings as keys and values. */
export function yamlData(options: YamlStringOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const string = yamlString(options);
  const { tree } = fc.letrec<{ tree: Record<string, unknown>; value: unknown }>((tie) => ({
    tree: fc
      .array(fc.tuple(string, tie('value')), { maxLength: 4 })
      .map((entries) => Object.fromEntries(entries)),
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: string },
      { weight: 1, arbitrary: jsonNumberOrBoolean },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: tie('tree') },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    ),
  }));
  return tree;
}
