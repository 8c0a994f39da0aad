/**
 * How one scalar is written in the YAML that `toYaml` emits: plain where a YAML 1.1 reader
 * reads it back as the same string, quoted or as a literal block otherwise. The style rules are
 * those of the `yaml` package's `stringify` with `{ version: '1.1', lineWidth: 0 }` (what the
 * library emitted before, so the bytes stay the same), plus quoting wherever Kubernetes' YAML
 * reader would read that output as something else.
 *
 * Kubernetes reads manifests with sigs.k8s.io/yaml, a fork of go-yaml v2 (YAML 1.1 scalars:
 * `resolve()` in goyaml.v2/resolve.go), and `kubectl kustomize` with kyaml on go-yaml v3.
 */

/** Characters that only a double-quoted scalar can carry (as escapes). */
// The `yaml` package's set: C0 controls but tab and line feed, DEL and C1 controls, lone
// surrogates. Added: U+2028 and U+2029, which go-yaml reads as line breaks (is_break in
// yamlprivateh.go), and U+FEFF, U+FFFE, U+FFFF, which its reader rejects or strips.
const NEEDS_DOUBLE_QUOTES =
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}\u2028\u2029\uFEFF\uFFFE\uFFFF]/u;

/** What a plain scalar cannot be: an indicator first, `: ` or ` #` inside, blanks at an end. */
const NOT_PLAIN =
  /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line starting a document (`---`, `...`) or a directive (`%`). */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/**
 * Plain scalars that YAML 1.1 resolves to something other than a string (yaml.org/type:
 * null, bool, int, float, merge, timestamp), the patterns of the `yaml` package's 1.1 schema.
 */
const YAML_11_NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  // Widened to take in js-yaml's timestamps too (a fraction of no digits, any two-digit zone).
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
];

/**
 * Numbers that go-yaml finds where the YAML 1.1 patterns do not: `resolve()` drops every `_`
 * and then tries Go's `strconv.ParseInt(s, 0, 64)` (so `0o17`, `0X1F`, `0B1` are ints) and
 * its `yamlStyleFloat` pattern.
 */
const GO_NUMBER =
  /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** First characters of every string that one of the patterns above can match. */
const MAY_NOT_BE_STRING = /^[-+.0-9~<YyNnTtFfOoEe]/;

/** Whether a YAML 1.1 reader (the `yaml` package's or go-yaml's) reads plain `value` as a non-string. */
function readsAsNonString(value: string): boolean {
  if (value === '') return true;
  if (!MAY_NOT_BE_STRING.test(value)) return false;
  for (const pattern of YAML_11_NOT_STRING) if (pattern.test(value)) return true;
  return GO_NUMBER.test(value.replace(/_/g, ''));
}

/** The YAML escape of a character that JSON.stringify leaves as it is. */
function extraEscape(ch: string): string {
  switch (ch) {
    case '\x85':
      return '\\N';
    case '\u2028':
      return '\\L';
    case '\u2029':
      return '\\P';
    default: {
      const code = ch.charCodeAt(0);
      return code < 0x100
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).toUpperCase()}`;
    }
  }
}

const RAW_IN_JSON = /[\x7f-\x9f\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;

/**
 * A double-quoted scalar, as the `yaml` package writes it: JSON's escapes with YAML's short
 * forms, and — outside keys, for strings of 40 characters or more — each line break written as
 * a folded line break, with `indent` before the next line.
 */
function doubleQuoted(value: string, implicitKey: boolean, indent: string): string {
  const json = JSON.stringify(value).replace(RAW_IN_JSON, extraEscape);
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a folded line break would be dropped: escape it.
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      str += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      switch (code) {
        case '0000':
          str += '\\0';
          break;
        case '0007':
          str += '\\a';
          break;
        case '000b':
          str += '\\v';
          break;
        case '001b':
          str += '\\e';
          break;
        default:
          str += code.startsWith('00') ? `\\x${code.substr(2)}` : json.substr(i, 6);
      }
      i += 5;
      start = i + 1;
    } else if (next === 'n') {
      if (implicitKey || json[i + 2] === '"' || json.length < 40) {
        i += 1;
      } else {
        // Folding turns the first line break into nothing and each further one into "\n".
        str += json.slice(start, i) + '\n\n';
        while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
          str += '\n';
          i += 2;
        }
        str += indent;
        // A space at the start of a continuation line would be dropped: escape it, unless a
        // line break follows, where the space is escaped as one before a line break (above;
        // escaping it twice wrote `\\ `, a backslash and a space, as the `yaml` package does).
        if (json[i + 2] === ' ' && !(json[i + 3] === '\\' && json[i + 4] === 'n')) str += '\\';
        i += 1;
        start = i + 1;
      }
    } else {
      i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

function singleQuoted(value: string, implicitKey: boolean, indent: string): string {
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) {
    return doubleQuoted(value, implicitKey, indent);
  }
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

/** Single quotes for a string with `"` and no `'`, double quotes otherwise. */
function quoted(value: string, implicitKey: boolean, indent: string): string {
  return value.includes('"') && !value.includes("'")
    ? singleQuoted(value, implicitKey, indent)
    : doubleQuoted(value, implicitKey, indent);
}

/** Line breaks not at the very end, where the next line needs its indentation. */
const INNER_LINE_BREAKS = /(^|(?<!\n))\n+(?!\n|$)/g;

/**
 * A literal block scalar (`|`) that gives back exactly `value`: the chomping indicator keeps
 * or strips the trailing line breaks, an indentation indicator protects leading spaces.
 */
function literalBlock(value: string, indent: string): string {
  // A block cannot end in a line of blanks: those strings are quoted.
  if (/\n[\t ]+$/.test(value)) return quoted(value, false, indent);
  // A tab first on the first line with content: go-yaml takes the indentation from that line
  // and rejects the tab ("found a tab character where an indentation space is expected",
  // scannerc.go); with an indentation indicator it reads the block, but kustomize writes it
  // back without one and fails. Double quotes are read alike everywhere.
  if (/^[ \n]*\t/.test(value)) return doubleQuoted(value, false, indent);
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
    endStart -= 1;
  }
  // Nothing but blanks and line breaks: a block has no line to take its indentation from,
  // and would lose the blanks (the `yaml` package wrote ' \n' so and read it back as '\n').
  if (endStart === 0) return quoted(value, false, indent);
  let end = value.substring(endStart);
  const endLineBreak = end.indexOf('\n');
  // Strip (`-`) without a final line break, keep (`+`) with more than one, clip with one.
  const chomp = endLineBreak === -1 ? '-' : endLineBreak !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(INNER_LINE_BREAKS, `$&${indent}`);
  }
  let startsWithSpace = false;
  let startEnd = 0;
  let lastLeadingBreak = -1;
  for (; startEnd < value.length; startEnd += 1) {
    const ch = value[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') lastLeadingBreak = startEnd;
    else break;
  }
  // Leading empty lines go out as they are.
  let start = value.substring(0, lastLeadingBreak + 1);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startsWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

/**
 * A string in value position. `indent` is the indentation of the value's own lines (the
 * parent's plus two spaces): a block scalar's content and a quoted scalar's continuations.
 */
export function stringValue(value: string, indent: string): string {
  if (NEEDS_DOUBLE_QUOTES.test(value)) return doubleQuoted(value, false, indent);
  if (NOT_PLAIN.test(value)) {
    return value.includes('\n') ? literalBlock(value, indent) : quoted(value, false, indent);
  }
  if (value.includes('\n')) return literalBlock(value, indent);
  return readsAsNonString(value) ? quoted(value, false, indent) : value;
}

/**
 * A mapping key (an implicit key: on one line). `topLevel` is true for keys of a document's
 * root mapping, where a key starting with `---` or `...` would end the document.
 */
export function stringKey(key: string, topLevel: boolean): string {
  // A key is written on one line, so no indentation is ever needed inside it.
  if (NEEDS_DOUBLE_QUOTES.test(key)) return doubleQuoted(key, true, '');
  if (key.includes('\n') || NOT_PLAIN.test(key)) return quoted(key, true, '');
  if (topLevel && DOCUMENT_MARKER.test(key)) return quoted(key, true, '');
  return readsAsNonString(key) ? quoted(key, true, '') : key;
}

/** A number as YAML 1.1 writes it (JSON's form; `-0`, `.nan`, `.inf` and `-.inf` apart). */
export function numberValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}
