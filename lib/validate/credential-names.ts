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
]);

/** Words ending in one of these are credentials: `APITOKEN`, `CLIENTSECRET` (not `TOKENIZERS`). */
const CREDENTIAL_ENDINGS = /(?:TOKEN|SECRET)$/;

/** `<word>_KEY` is a credential after these: `API_KEY`, `JWT_SIGNING_KEY`, `LICENSE_KEY`. */
const KEY_QUALIFIERS = new Set([
  'API',
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
 * an http(s) URL without a password, or a `$(VAR)` reference.
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    SWITCH_VALUE.test(v) ||
    FILE_PATH.test(v) ||
    PLAIN_URL.test(v) ||
    VARIABLE_REFERENCE.test(v)
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
