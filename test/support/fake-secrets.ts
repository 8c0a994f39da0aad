/*
 * Secret-shaped test values, built at run time so that no file of the repository holds
 * anything a secret scanner would report. None of them is a real credential.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` characters from `alphabet`, the same on every run (a fixed linear congruential walk). */
export function filler(n: number, alphabet = ALNUM, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[Math.floor((x / 2147483648) * alphabet.length)];
  }
  return out;
}

/** `n` bytes that look random, the same on every run. */
export function randomBytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = (x >>> 16) & 0xff;
  }
  return out;
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** A PEM block with `label` (e.g. 'RSA PRIVATE KEY') and a base64 body of filler. */
export const pem = (label: string): string =>
  `-----BEGIN ${label}-----\n${filler(64, ALNUM + '+/')}\n${filler(40, ALNUM + '+/', 3)}\n-----END ${label}-----\n`;

export const FAKE = {
  githubPat: 'ghp_' + filler(36),
  githubFineGrained: 'github_pat_' + filler(22) + '_' + filler(59, ALNUM, 11),
  gitlabPat: 'glpat-' + filler(20, ALNUM + '-_'),
  slackBot: 'xoxb-' + '1234567890' + '-' + '9876543210' + '-' + filler(24),
  slackWebhook:
    'https://hooks.slack.com/services/T0' + filler(8) + '/B0' + filler(8) + '/' + filler(24),
  stripeLive: 'sk_' + 'live_' + filler(24),
  stripeRestricted: 'rk_' + 'live_' + filler(24),
  awsKeyId: 'AKIA' + filler(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  awsTempKeyId: 'ASIA' + filler(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 5),
  googleApiKey: 'AIza' + filler(35, ALNUM + '-_'),
  gcsHmacAccessId: 'GOOG' + filler(57, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  npm: 'npm_' + filler(36),
  sendgrid: 'SG.' + filler(22, ALNUM + '-_') + '.' + filler(43, ALNUM + '-_', 9),
  pypi: 'pypi-' + 'AgEIcHlwaS5vcmc' + filler(60, ALNUM + '-_'),
  jwt:
    b64url('{"alg":"HS256","typ":"JWT"}') +
    '.' +
    b64url('{"sub":"1234567890","name":"Test"}') +
    '.' +
    filler(43, ALNUM + '-_'),
  gcsSignedUrl:
    'https://storage.googleapis.com/bucket/report.pdf?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=900&X-Goog-Signature=' +
    filler(512, '0123456789abcdef'),
  serviceAccountJson: JSON.stringify(
    {
      type: 'service_account',
      project_id: 'acme-prod',
      private_key_id: filler(40, '0123456789abcdef'),
      private_key: pem('PRIVATE KEY'),
      client_email: 'web@acme-prod.iam.gserviceaccount.com',
    },
    null,
    2,
  ),
};
