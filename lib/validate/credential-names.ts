/*
 * Whether a named value (an environment variable, a command-line flag, an HTTP header) is a
 * credential written in plain text. The name decides first: it must contain a credential
 * word. Then two escapes, so that settings *about* a secret pass: a name whose last word
 * says what the value is instead (`PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_TTL_SECONDS`,
 * `AUTH_URL`), and a value that cannot be a secret (a file path, a URL without a password,
 * a yes/no, a `$(VAR)` reference, nothing at all).
 */

/** What every credential word below contains: most names are decided by this one test. */
const CANDIDATE = /PASS|PWD|SECRET|TOKEN|AUTH|CRED|KEY|PSK/i;

/** Credential words matched anywhere in a word: `MYSQLPASSWORD`, `CREDENTIALS`. */
const CREDENTIAL_IN_WORD = /PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL/;

/** Credential words matched as whole words: `DB_PASS`, `REDIS_AUTH` (not `AUTHOR`, `OAUTH`). */
const CREDENTIAL_WORDS = new Set([
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'AUTH',
  'AUTHORIZATION',
  'CREDS',
  'APIKEY',
  'APIKEYS',
  'PRIVATEKEY',
  'SECRETKEY',
  'PSK',
  // Redis's configuration directives for its passwords.
  'REQUIREPASS',
  'MASTERAUTH',
]);

/** Words ending in one of these are credentials: `APITOKEN`, `CLIENTSECRET` (not `TOKENIZERS`). */
const CREDENTIAL_ENDINGS = /(?:TOKEN|SECRET)$/;

/** `<word>_KEY` is a credential after these: `API_KEY`, `ACCESS_KEY`, `JWT_SIGNING_KEY`, `LICENSE_KEY`. */
const KEY_QUALIFIERS = new Set([
  'API',
  // An access key (S3_ACCESS_KEY, MINIO_ACCESS_KEY) is half of a credential pair.
  'ACCESS',
  'STORAGE',
  'PRIVATE',
  'SIGNING',
  'SIGNATURE',
  'SECRET',
  'ENCRYPTION',
  'DECRYPTION',
  'MASTER',
  'ADMIN',
  'ACCOUNT',
  'CLIENT',
  'SESSION',
  'SHARED',
  'SSH',
  'TLS',
  'SSL',
  'HMAC',
  'JWT',
  'AES',
  'GPG',
  'PGP',
  'CRYPTO',
  'LICENSE',
]);

/**
 * A last word that says the value is about a secret, not the secret: where it is (a file, a
 * path, a URL, a name), how long it lives, how big it is, whether it is on.
 */
const REFERENCE_SUFFIXES = new Set([
  // where the secret is
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'DIRECTORY',
  'FOLDER',
  'MOUNT',
  'LOCATION',
  'NAME',
  'NAMES',
  'NAMESPACE',
  'PROJECT',
  'REF',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'HOSTNAME',
  'PORT',
  'ADDR',
  'ADDRESS',
  'SERVER',
  'DOMAIN',
  'REALM',
  'REGION',
  // how long it lives
  'TTL',
  'SECONDS',
  'SECS',
  'SEC',
  'MS',
  'MINUTES',
  'MINS',
  'HOURS',
  'DAYS',
  'DURATION',
  'TIMEOUT',
  'INTERVAL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRE',
  'EXPIRATION',
  'LIFETIME',
  'AGE',
  // how it looks
  'LENGTH',
  'LEN',
  'SIZE',
  'BYTES',
  'BITS',
  'COUNT',
  'MIN',
  'MAX',
  'LIMIT',
  'RETRIES',
  'FORMAT',
  'VERSION',
  'TYPE',
  'KIND',
  'MODE',
  'METHOD',
  'METHODS',
  'PROVIDER',
  'STRATEGY',
  'POLICY',
  'ALGORITHM',
  'ALG',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'HEADER',
  'PARAM',
  'FIELD',
  'LEVEL',
  'ENCRYPTION',
  'STRENGTH',
  'COMPLEXITY',
  'PROMPT',
  // a value derived from the secret, not the secret
  'HASH',
  'DIGEST',
  'CHECKSUM',
  'FINGERPRINT',
  'SHA256',
  // whether it is on
  'ENABLED',
  'DISABLED',
  'ENABLE',
  'DISABLE',
  'REQUIRED',
]);

/** Values that are not secrets whatever the name: yes/no switches. */
const SWITCH_VALUE = /^(?:true|false|yes|no|on|off|none|enabled|disabled|required|optional|0|1)$/i;

/** An absolute file path of plain segments: `/var/secrets/key.json`, `/run/secrets/db`. */
const FILE_PATH = /^(?:file:\/\/)?(?:\/[A-Za-z0-9._@-]+){2,}$/;

/** An http(s) URL with no userinfo: `https://accounts.google.com/o/oauth2/auth`. */
const PLAIN_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#][^\s@]*)?$/;

/** `$(VAR)`: Kubernetes fills it in from another variable of the container (e.g. a secretEnv). */
const VARIABLE_REFERENCE = /^(?:\$\([A-Za-z_][-._A-Za-z0-9]*\)|\$\{[^}]+\}|\$[A-Za-z_]\w*)$/;

/**
 * What a config file's own templating fills in at run time: `{{ env "DB_PASSWORD" }}` (Go and
 * Jinja templates), Grafana's `$__file{/etc/secrets/x}` and `$__env{X}`, supervisord's
 * `%(ENV_DB_PASSWORD)s`.
 */
const TEMPLATE_REFERENCE = /^(?:\{\{[\s\S]*\}\}|\$__(?:file|env|vault)\{[^}]*\}|%\(\w+\)s)$/;

/** An HTTP authentication scheme before the credential: `Bearer $(TOKEN)` is a reference. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Bot|Digest|ApiKey)\s+/i;

/** The words of a name, upper-cased: `dbPassword` → DB, PASSWORD; `JWT_SIGNING_KEY` → JWT, SIGNING, KEY. */
export function nameWords(name: string): string[] {
  return (
    name
      // "OAuth" is one word, not O + AUTH.
      .replace(/OAuth/g, 'Oauth')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .toUpperCase()
      .split(/[^A-Z0-9]+/)
      .filter((word) => word.length > 0)
  );
}

/**
 * Whether `name` names a credential: it has a credential word (PASSWORD, PASS, PWD,
 * PASSPHRASE, SECRET, TOKEN, AUTH, CREDENTIALS, API_KEY, PRIVATE_KEY, SIGNING_KEY, …) and
 * its last word does not say that the value is something else (FILE, PATH, NAME, URL, TTL,
 * SECONDS, LENGTH, ENABLED, …).
 */
export function isCredentialName(name: string): boolean {
  if (!CANDIDATE.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1])) return false;
  return words.some(
    (word, i) =>
      CREDENTIAL_WORDS.has(word) ||
      CREDENTIAL_IN_WORD.test(word) ||
      CREDENTIAL_ENDINGS.test(word) ||
      ((word === 'KEY' || word === 'KEYS') && i > 0 && KEY_QUALIFIERS.has(words[i - 1])),
  );
}

/**
 * Whether `value` cannot be a secret, whatever its name: empty, a yes/no switch, a file path,
 * an http(s) URL without a password, a `$(VAR)` reference or a template's (each also after an
 * authentication scheme such as `Bearer`).
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim().replace(AUTH_SCHEME, '');
  return (
    v === '' ||
    SWITCH_VALUE.test(v) ||
    FILE_PATH.test(v) ||
    PLAIN_URL.test(v) ||
    VARIABLE_REFERENCE.test(v) ||
    TEMPLATE_REFERENCE.test(v)
  );
}

/** Whether `name: value` puts a credential in plain text (see {@link isCredentialName}). */
export function isPlaintextCredential(name: string, value: string): boolean {
  return isCredentialName(name) && !isNonSecretValue(value);
}

/**
 * The credential flags in a command line, as `--name=value` or `--name value`: each with the
 * index of the element that holds the value. `--password-file /run/secrets/db` and
 * `--auth-token $(TOKEN)` pass, like the environment variables of the same names.
 */
export function credentialFlags(
  argv: readonly string[],
): { readonly flag: string; readonly index: number }[] {
  const found: { flag: string; index: number }[] = [];
  argv.forEach((arg, i) => {
    const m = /^--?([A-Za-z][-\w.]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!m || !isCredentialName(m[1])) return;
    const value = m[2] ?? argv[i + 1];
    const index = m[2] === undefined ? i + 1 : i;
    if (value === undefined || (m[2] === undefined && value.startsWith('-'))) return;
    const flag = m[2] === undefined ? arg : arg.slice(0, arg.indexOf('='));
    if (!isNonSecretValue(value)) found.push({ flag, index });
  });
  return found;
}

/**
 * A key of a config file's text: `name: value`, `name = value`, `"name": "value"`, `NAME=value`,
 * `--name=value`, at the start of a line (after indentation, a list's `- ` or `export `) or
 * after `{`, `,`, `;`, `(` or a quote, so that prose ("your password: see below") is not one.
 * The value runs to the end of the line, a quote, `,`, `;`, `}` or whitespace; an
 * authentication scheme before it (`Authorization: Bearer …`) is part of it.
 */
const ASSIGNMENT =
  /(?:^|[\n{,;("']|\s--?|\bexport\s+)[ \t]*(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*[:=](?![:=])[ \t]*((?:(?:Bearer|Basic|Token|Bot|Digest|ApiKey)[ \t]+)?(?:"[^"\n]*"|'[^'\n]*'|\$(?:__\w+)?\{[^}\n]*\}|[^\s,;}"'#]*))/gim;

/**
 * A line of two words, `name value` (fluent-bit's `HTTP_Passwd`, Redis's `requirepass`):
 * only names whose last word is itself a credential, so that nginx's `auth_basic "Realm"`
 * and `fastcgi_pass 127.0.0.1:9000` are not one.
 */
const DIRECTIVE = /^[ \t]*([A-Za-z_][\w.-]*)[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s;"']+)[ \t]*;?[ \t]*$/gm;
const DIRECTIVE_CREDENTIAL =
  /(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY|REQUIREPASS|MASTERAUTH)$/;

/** A value that is structure, not a scalar: YAML's block scalars, anchors, tags, a map or a list. */
const STRUCTURE = /^[|>&*!{[]/;

const unquote = (value: string): string =>
  /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;

/**
 * Whether `text` may assign a credential: false for almost every string, after one scan (it
 * has no credential word, or nothing to assign with).
 */
export function mayAssignCredential(text: string): boolean {
  return CANDIDATE.test(text) && /[:=\s]/.test(text);
}

/** A credential that a text assigns in plain text: the name, and where (its 1-based line). */
export interface CredentialAssignment {
  readonly name: string;
  readonly line: number;
}

/**
 * The credentials that a text (a config file, an annotation, one argument of a command line)
 * assigns in plain text: `password: hunter2`, `"apiKey": "…"`, `DB_PASSWORD=…`,
 * `Authorization: Bearer …`, `requirepass …`. Names and values are judged as for an
 * environment variable (isPlaintextCredential), so `password_file: /etc/secret/x`,
 * `token: ${TOKEN}` and `Authorization: Bearer $(TOKEN)` pass.
 */
export function credentialAssignments(text: string): CredentialAssignment[] {
  if (!CANDIDATE.test(text)) return [];
  const found: { name: string; index: number }[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const value = unquote(m[2].trim());
    if (STRUCTURE.test(value)) continue;
    if (isPlaintextCredential(m[1], value)) found.push({ name: m[1], index: m.index });
  }
  for (const m of text.matchAll(DIRECTIVE)) {
    const words = nameWords(m[1]);
    const last = words[words.length - 1] ?? '';
    if (DIRECTIVE_CREDENTIAL.test(last) && isPlaintextCredential(m[1], unquote(m[2])))
      found.push({ name: m[1], index: m.index });
  }
  return found
    .sort((a, b) => a.index - b.index)
    .map(({ name, index }) => ({ name, line: lineAt(text, index) }));
}

/** The 1-based line of `index` in `text`; a match that starts with a line break is on the next. */
function lineAt(text: string, index: number): number {
  return text.slice(0, index + 1).split('\n').length;
}
