/*
 * Finds secret material in a string: private keys, passwords in URLs, signed URLs, Google
 * credential files and the token formats that their issuers made recognisable on purpose.
 * Every pattern is a documented format with a fixed prefix or structure, cited next to it;
 * there is no guessing by entropy, so image digests, hashes, UUIDs and base64 data pass.
 */

/** What kind of secret a {@link SecretMaterial} is. */
export type SecretKind =
  | 'private-key'
  | 'url-password'
  | 'signed-url'
  | 'google-credentials'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'aws-access-key-id'
  | 'google-hmac-access-id'
  | 'google-api-key'
  | 'npm-token'
  | 'sendgrid-key'
  | 'pypi-token'
  | 'jwt';

/** One piece of secret material found in a string. */
export interface SecretMaterial {
  readonly kind: SecretKind;
  /** What it is, to read after "holds": `a private key`. */
  readonly description: string;
  /** Where it starts in the string (UTF-16 index). */
  readonly index: number;
  /** How long it is (UTF-16 units). */
  readonly length: number;
  /** A form safe to print: the non-secret part (a prefix, a header, a host) and `…`. */
  readonly redacted: string;
}

interface Detector {
  readonly kind: SecretKind;
  readonly description: string;
  /** Global, so that every occurrence is found. */
  readonly pattern: RegExp;
  /** Keeps a match only when this holds (e.g. a JWT header that decodes). @default all */
  readonly accept?: (match: RegExpExecArray) => boolean;
  readonly redact: (match: RegExpExecArray) => string;
}

/** The part before the secret, then an ellipsis. */
const prefix = (match: RegExpExecArray): string => `${match[1]}…`;

/** `$(VAR)` (Kubernetes expands it), `${VAR}` or `$VAR` (a shell or template fills it in). */
const VARIABLE_REFERENCE = /^(?:\$\([A-Za-z_][-._A-Za-z0-9]*\)|\$\{[^}]+\}|\$[A-Za-z_]\w*)$/;

/** Whether `encoded` (base64url) is a JOSE header naming a real signature algorithm. */
function isSignedJoseHeader(encoded: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (header === null || typeof header !== 'object') return false;
    const alg = (header as { alg?: unknown }).alg;
    // RFC 7519 §6: `alg: none` is an unsecured JWT, with nothing to keep secret.
    return typeof alg === 'string' && alg.toLowerCase() !== 'none';
  } catch {
    return false;
  }
}

const DETECTORS: readonly Detector[] = [
  {
    // PEM private keys: PKCS #8 `PRIVATE KEY` and `ENCRYPTED PRIVATE KEY` (RFC 7468 §10-11),
    // PKCS #1 `RSA PRIVATE KEY`, SEC 1 `EC PRIVATE KEY`, `DSA PRIVATE KEY`, OpenSSH's
    // `OPENSSH PRIVATE KEY` (openssh PROTOCOL.key) and OpenPGP's `PGP PRIVATE KEY BLOCK`
    // (RFC 4880 §6.2). Public keys and certificates have other labels and pass.
    kind: 'private-key',
    description: 'a private key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    redact: (m) => `${m[0]} …`,
  },
  {
    // PuTTY's .ppk files start with this line (PuTTY manual, appendix C "PPK file format").
    kind: 'private-key',
    description: 'a private key',
    pattern: /PuTTY-User-Key-File-\d+: /g,
    redact: (m) => `${m[0]}…`,
  },
  {
    // `scheme://user:password@host` (RFC 3986 §3.2.1, which deprecates a password in the
    // userinfo for this very reason). `user@host`, `host:port` and an empty password have
    // no password; a `$(VAR)` reference is filled in from a Secret at run time.
    kind: 'url-password',
    description: 'a password in a URL',
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@[\]"']*):([^\s/?#@"']+)@([^\s/?#@"']*)/g,
    accept: (m) => !VARIABLE_REFERENCE.test(m[2]),
    redact: (m) => `${m[1]}:…@${m[3].slice(0, 60)}`,
  },
  {
    // Signed URLs grant access to whoever holds them until they expire: Cloud Storage V4
    // signing (https://cloud.google.com/storage/docs/access-control/signing-urls-manually)
    // and AWS Signature V4 in a query string
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
    kind: 'signed-url',
    description: 'a signed URL',
    pattern: /([?&]X-(?:Goog|Amz)-Signature=)[0-9a-fA-F]{64,}/g,
    redact: prefix,
  },
  {
    // A service account key file or a user's application default credentials: the `type`
    // values that google-auth reads from a credentials file (google/auth/_default.py,
    // `_SERVICE_ACCOUNT_TYPE`, `_AUTHORIZED_USER_TYPE`); https://cloud.google.com/iam/docs/keys-create-delete.
    // `external_account` (Workload Identity Federation) holds no secret and passes.
    kind: 'google-credentials',
    description: 'a Google credentials file',
    pattern: /"type"\s*:\s*"(?:service_account|authorized_user)"/g,
    redact: (m) => `${m[0]} …`,
  },
  {
    // The key of a service account key file, also when pasted on its own.
    kind: 'google-credentials',
    description: 'a Google credentials file',
    pattern: /("private_key"\s*:\s*")[^"\s]/g,
    redact: prefix,
  },
  {
    // ghp_ (personal), gho_ (OAuth), ghu_ / ghs_ (GitHub App user / server), ghr_ (refresh):
    // https://github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available/
    // (36 characters today, up to 255 announced).
    kind: 'github-token',
    description: 'a GitHub token',
    pattern: /(?<![A-Za-z0-9_])(gh[pousr]_)[A-Za-z0-9_]{36,251}(?![A-Za-z0-9_])/g,
    redact: prefix,
  },
  {
    // Fine-grained personal access tokens, `github_pat_` and 82 characters:
    // https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
    kind: 'github-token',
    description: 'a GitHub token',
    pattern: /(?<![A-Za-z0-9_])(github_pat_)[A-Za-z0-9_]{82,244}(?![A-Za-z0-9_])/g,
    redact: prefix,
  },
  {
    // GitLab's token prefixes (personal/project/group `glpat-`, deploy `gldt-`, runner
    // `glrt-`, trigger `glptt-`, OAuth secret `gloas-`, CI job `glcbt-`, feed `glft-`,
    // agent `glagent-`, …): https://docs.gitlab.com/ee/security/tokens/#token-prefixes
    kind: 'gitlab-token',
    description: 'a GitLab token',
    pattern:
      /(?<![A-Za-z0-9_-])(gl(?:pat|dt|rt|ptt|oas|cbt|soat|ffct|imt|ft|agent)-)[A-Za-z0-9_-]{20,}/g,
    redact: prefix,
  },
  {
    // Bot `xoxb-`, user `xoxp-`, configuration `xoxe.xoxp-`, refresh `xoxe-`, workspace
    // and legacy `xoxa-`/`xoxo-`/`xoxs-`/`xoxr-`, app-level `xapp-`, each followed by a
    // number and a dash: https://api.slack.com/authentication/token-types
    kind: 'slack-token',
    description: 'a Slack token',
    pattern: /(?<![A-Za-z0-9_])(xox[abposre]-|xapp-)\d+-[A-Za-z0-9-]{10,}/g,
    redact: prefix,
  },
  {
    // "Your webhook URL contains a secret": https://api.slack.com/messaging/webhooks
    kind: 'slack-webhook',
    description: 'a Slack webhook URL',
    pattern: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9_/+-]{20,}/g,
    redact: prefix,
  },
  {
    // Live secret `sk_live_` and restricted `rk_live_` keys (https://docs.stripe.com/keys);
    // test-mode keys cannot move money, and Stripe asks scanners for live keys only
    // (https://gitlab.com/gitlab-org/gitlab/-/issues/458019).
    kind: 'stripe-key',
    description: 'a Stripe live key',
    pattern: /(?<![A-Za-z0-9_])([sr]k_live_)[A-Za-z0-9]{10,128}(?![A-Za-z0-9_])/g,
    redact: prefix,
  },
  {
    // Access key ids: `AKIA` long-term, `ASIA` temporary (STS), 20 characters in all
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids,
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html). The
    // id is half of the credential and always travels with the secret half.
    kind: 'aws-access-key-id',
    description: 'an AWS access key id',
    pattern: /(?<![A-Za-z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    redact: prefix,
  },
  {
    // A Cloud Storage HMAC key's access ID for a service account: `GOOG` and 57 upper-case
    // letters and digits, 61 characters in all
    // (https://cloud.google.com/storage/docs/authentication/hmackeys). Like an AWS access key
    // id, it is half of a credential and travels with the secret half.
    kind: 'google-hmac-access-id',
    description: 'a Cloud Storage HMAC access ID',
    pattern: /(?<![A-Za-z0-9])(GOOG)[A-Z0-9]{57}(?![A-Za-z0-9])/g,
    redact: prefix,
  },
  {
    // `AIza` and 35 characters, e.g. `AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe` in
    // https://cloud.google.com/docs/authentication/api-keys (gitleaks rule `gcp-api-key`).
    kind: 'google-api-key',
    description: 'a Google API key',
    pattern: /(?<![A-Za-z0-9_-])(AIza)[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    redact: prefix,
  },
  {
    // `npm_` and 36 characters (the last six a CRC32 checksum):
    // https://github.blog/2021-09-23-announcing-npms-new-access-token-format/
    kind: 'npm-token',
    description: 'an npm token',
    pattern: /(?<![A-Za-z0-9_])(npm_)[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    redact: prefix,
  },
  {
    // `SG.`, a 22-character key id, `.`, a 43-character secret (gitleaks rule
    // `sendgrid-api-token`; https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys).
    kind: 'sendgrid-key',
    description: 'a SendGrid API key',
    pattern: /(?<![A-Za-z0-9_.-])(SG\.)[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    redact: prefix,
  },
  {
    // PyPI API tokens are macaroons: `pypi-` and the base64 of their `pypi.org` location
    // (https://pypi.org/help/#apitoken; warehouse/macaroons).
    kind: 'pypi-token',
    description: 'a PyPI token',
    pattern: /(pypi-)AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g,
    redact: prefix,
  },
  {
    // A signed JWT: three base64url parts (JWS compact serialization, RFC 7515 §7.1), a
    // JSON header and claims set (`{"` encodes as `eyJ`, RFC 7519 §3), and a signature.
    // The header must decode and name an algorithm other than `none`.
    kind: 'jwt',
    description: 'a signed JSON Web Token',
    pattern:
      /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,})\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g,
    accept: (m) => isSignedJoseHeader(m[1]),
    redact: () => 'eyJ….…',
  },
];

/**
 * One cheap test that every detector needs to pass: a string without any of these can hold
 * none of the formats above, and most strings of a manifest are such strings.
 */
const HINT =
  /-----BEGIN|PuTTY-User|:\/\/|-Signature=|"type"|"private_key"|gh[pousr]_|github_pat_|gl[a-z]{2,5}-|xox|xapp-|hooks\.slack|k_live_|AKIA|ASIA|GOOG|AIza|npm_|SG\.|pypi-|eyJ/;

/** The shortest string any detector can match (`a://b:c@`). */
const MIN_LENGTH = 8;

/**
 * Whether `text` may hold secret material: false for almost every string, after one scan
 * (a string without any of the detectors' fixed parts holds none).
 */
export function mayHoldSecretMaterial(text: string): boolean {
  return text.length >= MIN_LENGTH && HINT.test(text);
}

/**
 * The secret material in `text`, in order of position. Empty for almost every string,
 * quickly: one prefilter scan before any detector runs.
 *
 * @example
 * findSecretMaterial('postgres://app:hunter2@db/app')
 * // [{ kind: 'url-password', description: 'a password in a URL', index: 0, length: 23,
 * //    redacted: 'postgres://app:…@db' }]
 */
export function findSecretMaterial(text: string): SecretMaterial[] {
  if (!mayHoldSecretMaterial(text)) return [];
  const found: SecretMaterial[] = [];
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    for (let m = detector.pattern.exec(text); m !== null; m = detector.pattern.exec(text)) {
      if (detector.accept && !detector.accept(m)) continue;
      found.push({
        kind: detector.kind,
        description: detector.description,
        index: m.index,
        length: m[0].length,
        redacted: detector.redact(m),
      });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** `a private key (-----BEGIN RSA PRIVATE KEY----- …)`: what was found, never the secret. */
export function describeSecretMaterial(material: SecretMaterial): string {
  return `${material.description} (${material.redacted})`;
}
